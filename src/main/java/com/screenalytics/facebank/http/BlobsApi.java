package com.screenalytics.facebank.http;

import com.screenalytics.facebank.contract.ErrorCode;
import com.screenalytics.facebank.stage.api.BlobStore;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GET /blobs/{key}: a stored blob (the mirrored originals, originals/&lt;sha256&gt;.&lt;ext&gt;,
 * and whatever later stages keep) with its content type, behind the admin guard, for the console
 * and operators. Content-addressed blobs never change, so a browser may keep them a day; nosniff,
 * so a blob is only ever what its content type says.
 */
final class BlobsApi {

  private static final Logger LOG = LoggerFactory.getLogger(BlobsApi.class);
  static final String PREFIX = "/blobs/";

  private final BlobStore blobs;

  BlobsApi(BlobStore blobs) {
    this.blobs = blobs;
  }

  void get(RoutingContext ctx) {
    String key = ctx.request().path().substring(PREFIX.length());
    if (!BlobStore.validKey(key)) {
      Responses.error(ctx, ErrorCode.INVALID_BLOB_KEY, ErrorCode.INVALID_BLOB_KEY.description());
      return;
    }
    blobs.get(key)
        .onSuccess(found -> found.ifPresentOrElse(
            blob -> ctx.response()
                .putHeader("Content-Type", blob.contentType())
                .putHeader("Cache-Control", "private, max-age=86400")
                .putHeader("X-Content-Type-Options", "nosniff")
                .end(blob.bytes()),
            () -> Responses.error(ctx, ErrorCode.BLOB_NOT_FOUND, "no blob " + key)))
        .onFailure(e -> {
          LOG.warn("Reading blob {} from {} failed: {}", key, blobs.describe(), e.getMessage());
          Responses.error(ctx, ErrorCode.BLOB_STORE_FAILED, ErrorCode.BLOB_STORE_FAILED.description());
        });
  }
}

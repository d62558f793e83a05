package com.screenalytics.facebank.plugin.faces;

import com.screenalytics.facebank.stage.api.BlobStore;
import com.screenalytics.facebank.stage.api.StageException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/** Content-addressed writes: a blob already there is the same bytes and is not written again. */
final class Blobs {

  static final String BLOB_WRITE_FAILED = "blob_write_failed";

  private Blobs() {
  }

  /** Writes {@code bytes} under {@code key} unless a blob is there; true when it wrote. */
  static Future<Boolean> putOnce(BlobStore blobs, String key, byte[] bytes, String contentType) {
    return blobs.exists(key)
        .compose(exists -> exists ? Future.succeededFuture(false)
            : blobs.put(key, Buffer.buffer(bytes), contentType).map(true))
        .recover(e -> Future.failedFuture(new StageException(BLOB_WRITE_FAILED,
            "keeping " + key + " in the blob store failed: " + e.getMessage(), null, e)));
  }
}

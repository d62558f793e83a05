package com.screenalytics.facebank.blob;

import com.screenalytics.facebank.config.AppConfig;
import com.screenalytics.facebank.stage.api.BlobStore;
import io.vertx.core.Vertx;

/** The blob store the configuration asks for: S3 when BLOB_URL is set, else the directory BLOB_DIR. */
public final class BlobStores {

  private BlobStores() {
  }

  public static BlobStore from(Vertx vertx, AppConfig config) {
    if (config.blobUrl().isPresent()) {
      return S3BlobStore.create(vertx, config.blobUrl().get(), config.s3Endpoint(), config.s3Region());
    }
    return new FilesystemBlobStore(vertx, config.blobDir());
  }
}

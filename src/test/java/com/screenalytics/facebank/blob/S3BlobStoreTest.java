package com.screenalytics.facebank.blob;

import static org.assertj.core.api.Assertions.assertThat;

import com.screenalytics.facebank.stage.api.BlobStore.Blob;
import com.screenalytics.facebank.testsupport.S3Server;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The S3 blob store against a real S3-compatible server: s3proxy on its filesystem backend,
 * started here on 127.0.0.1 and a free port, with AWS signature checks on.
 */
class S3BlobStoreTest {

  static final String BUCKET = "facebank-test";

  private Vertx vertx;
  private S3Server s3;
  private S3BlobStore store;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    s3 = S3Server.start(BUCKET);
    store = S3BlobStore.create(vertx, "s3://" + BUCKET + "/facebank/prod", Optional.of(s3.endpoint()),
        Optional.of("eu-west-1"), StaticCredentialsProvider.create(AwsBasicCredentials.create(S3Server.ACCESS_KEY, S3Server.SECRET_KEY)));
  }

  @AfterEach
  void stop() throws Exception {
    store.close();
    s3.close();
    vertx.close().await();
  }

  @Test
  void aBlobIsPutUnderThePrefixAndReadBackWithItsContentType() throws Exception {
    String key = "originals/" + "cd".repeat(32) + ".png";
    assertThat(store.exists(key).await()).isFalse();
    assertThat(store.get(key).await()).isEmpty();

    store.put(key, Buffer.buffer(new byte[] {(byte) 0x89, 'P', 'N', 'G'}), "image/png").await();

    assertThat(store.exists(key).await()).isTrue();
    Blob blob = store.get(key).await().orElseThrow();
    assertThat(blob.bytes().getBytes()).containsExactly(0x89, 'P', 'N', 'G');
    assertThat(blob.contentType()).isEqualTo("image/png");
    // On the server's disk: the bucket's folder, the prefix, the key.
    assertThat(Files.readAllBytes(s3.file(BUCKET, "facebank/prod/" + key)))
        .containsExactly(0x89, 'P', 'N', 'G');
    assertThat(store.describe()).isEqualTo("s3://" + BUCKET + "/facebank/prod/ at " + s3.endpoint());
  }

  @Test
  void theCheckPassesAndLeavesNothingOrFailsWithWrongCredentials() throws Exception {
    store.check().await();
    Path probes = s3.file(BUCKET, "facebank/prod/.probe");
    if (Files.isDirectory(probes)) {
      try (var left = Files.list(probes)) {
        assertThat(left.toList()).as("the probe is deleted").isEmpty();
      }
    }

    S3BlobStore wrong = S3BlobStore.create(vertx, "s3://" + BUCKET, Optional.of(s3.endpoint()), Optional.empty(),
        StaticCredentialsProvider.create(AwsBasicCredentials.create(S3Server.ACCESS_KEY, "not-the-secret")));
    try {
      AsyncResult<Void> result = wrong.check().<AsyncResult<Void>>transform(Future::succeededFuture).await();
      assertThat(result.failed()).isTrue();
      assertThat(result.cause()).hasMessageContaining("cannot be written").hasMessageNotContaining("not-the-secret");
    } finally {
      wrong.close();
    }
  }

  @Test
  void aBucketThatDoesNotExistFailsTheCheck() {
    S3BlobStore missing = S3BlobStore.create(vertx, "s3://no-such-bucket/x", Optional.of(s3.endpoint()),
        Optional.empty(), StaticCredentialsProvider.create(AwsBasicCredentials.create(S3Server.ACCESS_KEY, S3Server.SECRET_KEY)));
    try {
      AsyncResult<Void> result = missing.check().<AsyncResult<Void>>transform(Future::succeededFuture).await();
      assertThat(result.failed()).isTrue();
      assertThat(result.cause()).hasMessageContaining("s3://no-such-bucket/x/");
    } finally {
      missing.close();
    }
  }
}

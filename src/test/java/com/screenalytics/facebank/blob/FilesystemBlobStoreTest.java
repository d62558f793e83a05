package com.screenalytics.facebank.blob;

import static org.assertj.core.api.Assertions.assertThat;

import com.screenalytics.facebank.stage.api.BlobStore;
import com.screenalytics.facebank.stage.api.BlobStore.Blob;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The embedded blob store: files under BLOB_DIR, each written whole or not at all. */
class FilesystemBlobStoreTest {

  private Vertx vertx;
  private Path root;
  private FilesystemBlobStore store;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    root = Path.of("target", "test-blobs", UUID.randomUUID().toString()).toAbsolutePath();
    store = new FilesystemBlobStore(vertx, root);
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private static <T> Throwable failure(Future<T> future) {
    AsyncResult<T> result = future.<AsyncResult<T>>transform(Future::succeededFuture).await();
    assertThat(result.failed()).isTrue();
    return result.cause();
  }

  @Test
  void aBlobIsWrittenReadAndFoundWithTheContentTypeOfItsExtension() throws Exception {
    String key = "originals/" + "ab".repeat(32) + ".jpg";
    assertThat(store.exists(key).await()).isFalse();
    assertThat(store.get(key).await()).isEmpty();

    store.put(key, Buffer.buffer(new byte[] {1, 2, 3}), "image/jpeg").await();

    assertThat(store.exists(key).await()).isTrue();
    Optional<Blob> blob = store.get(key).await();
    assertThat(blob).isPresent();
    assertThat(blob.get().bytes().getBytes()).containsExactly(1, 2, 3);
    assertThat(blob.get().contentType()).isEqualTo("image/jpeg");
    assertThat(Files.readAllBytes(root.resolve(key))).containsExactly(1, 2, 3);
    store.put("originals/x.png", Buffer.buffer("p"), "image/png").await();
    assertThat(store.get("originals/x.png").await().orElseThrow().contentType()).isEqualTo("image/png");
    store.put("aligned/x.bin", Buffer.buffer("b"), "application/octet-stream").await();
    assertThat(store.get("aligned/x.bin").await().orElseThrow().contentType()).isEqualTo("application/octet-stream");
  }

  @Test
  void aWriteLeavesNoTemporaryFileAndReplacesWhole() throws Exception {
    String key = "originals/a.jpg";
    store.put(key, Buffer.buffer(new byte[100_000]), "image/jpeg").await();
    store.put(key, Buffer.buffer(new byte[] {7}), "image/jpeg").await();

    try (Stream<Path> files = Files.walk(root)) {
      assertThat(files.filter(Files::isRegularFile).map(root::relativize).map(Path::toString).toList())
          .containsExactly("originals/a.jpg");
    }
    assertThat(store.get(key).await().orElseThrow().bytes().getBytes()).containsExactly(7);
  }

  @Test
  void aKeyThatCouldLeaveTheDirectoryOrHideIsRefused() {
    for (String key : List.of("../escape.jpg", "originals/../../escape.jpg", "/etc/passwd", ".hidden", "a//b",
        "originals/", "", "originals/.tmp", "a b.jpg", "a\\b.jpg")) {
      assertThat(BlobStore.validKey(key)).as(key).isFalse();
      assertThat(failure(store.put(key, Buffer.buffer("x"), "text/plain"))).as(key)
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(failure(store.get(key))).as(key).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(Files.exists(root)).isFalse();
  }

  @Test
  void theCheckCreatesTheDirectoryAndFailsWhereNothingCanBeWritten() throws Exception {
    store.check().await();
    assertThat(Files.isDirectory(root)).isTrue();
    try (Stream<Path> files = Files.list(root)) {
      assertThat(files.toList()).as("the probe is gone").isEmpty();
    }
    Path file = Files.writeString(root.resolve("not-a-directory"), "x");
    Throwable failed = failure(new FilesystemBlobStore(vertx, file.resolve("blobs")).check());
    assertThat(failed).hasMessageContaining("cannot be written").hasMessageContaining(file.toString());
  }
}

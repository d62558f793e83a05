package com.screenalytics.facebank.blob;

import com.screenalytics.facebank.stage.api.BlobStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.UUID;

/**
 * The embedded default blob store: one file per key under a directory (BLOB_DIR, by default
 * DATA_DIR/blobs). Each write goes to a temporary file beside its target (a name no key can
 * have: it starts with '.'), is forced to disk, then renamed over the target atomically, so a
 * reader — or a crash — never sees half a blob. The content type is the key's extension's. The
 * directory is created on the first write; file work runs on Vert.x's worker threads.
 */
public final class FilesystemBlobStore implements BlobStore {

  private final Vertx vertx;
  private final Path root;

  public FilesystemBlobStore(Vertx vertx, Path root) {
    this.vertx = vertx;
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  /** The file of a key (validated: it cannot leave the root). */
  Path file(String key) {
    if (!BlobStore.validKey(key)) {
      throw new IllegalArgumentException("not a blob key: " + key);
    }
    return root.resolve(key);
  }

  @Override
  public Future<Void> put(String key, Buffer bytes, String contentType) {
    Path target;
    try {
      target = file(key);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    return vertx.executeBlocking(() -> {
      write(target, bytes.getBytes());
      return null;
    }, false);
  }

  private static void write(Path target, byte[] bytes) throws IOException {
    Files.createDirectories(target.getParent());
    Path temp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  @Override
  public Future<Boolean> exists(String key) {
    try {
      return vertx.fileSystem().exists(file(key).toString());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
  }

  @Override
  public Future<Optional<Blob>> get(String key) {
    Path path;
    try {
      path = file(key);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    return vertx.executeBlocking(() -> {
      try {
        if (!Files.isRegularFile(path)) {
          return Optional.<Blob>empty();
        }
        return Optional.of(new Blob(Buffer.buffer(Files.readAllBytes(path)), ContentTypes.of(key)));
      } catch (NoSuchFileException e) {
        return Optional.<Blob>empty();
      }
    }, false);
  }

  @Override
  public Future<Void> check() {
    return vertx.<Void>executeBlocking(() -> {
      Files.createDirectories(root);
      Path probe = root.resolve(".probe-" + UUID.randomUUID());
      byte[] written = UUID.randomUUID().toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      try {
        write(probe, written);
        if (!java.util.Arrays.equals(Files.readAllBytes(probe), written)) {
          throw new IOException("a probe written to " + root + " read back different");
        }
      } finally {
        Files.deleteIfExists(probe);
      }
      return null;
    }, false).recover(e -> Future.<Void>failedFuture(new IllegalStateException(
        "the blob store " + describe() + " cannot be written: " + e.getMessage(), e)));
  }

  @Override
  public String describe() {
    return "directory " + root;
  }
}

package com.screenalytics.facebank.stage.api;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Port (API 1.1): the service's blob store — a directory, or an S3 bucket and prefix, as the
 * service is configured; a stage never knows which. Keys are paths of lower- and upper-case
 * letters, digits, '.', '_' and '-' segments joined by '/' (no empty, '.' or '..' segment), at most
 * 512 characters: e.g. {@code originals/<sha256>.jpg}, written by {@code mirror}. Content-addressed
 * keys make a blob that exists the same bytes: check {@link #exists} before writing one again.
 *
 * <p>Every future completes on the caller's context.
 */
public interface BlobStore {

  /** What {@link #validKey} accepts. */
  Pattern KEY = Pattern.compile("(?=.{1,512}$)[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*");

  /** A stored blob: its bytes and the content type it was written with. */
  record Blob(Buffer bytes, String contentType) {
  }

  /** Whether {@code key} is a key this store takes (see the class comment). */
  static boolean validKey(String key) {
    return key != null && KEY.matcher(key).matches() && !key.contains("..");
  }

  /** The key of an original photo: {@code originals/<sha256>.<ext>} (ext e.g. "jpg", "png"). */
  static String originalKey(String sha256, String extension) {
    return "originals/" + sha256 + "." + extension;
  }

  /**
   * Writes {@code bytes} under {@code key} with {@code contentType} (e.g. "image/jpeg"),
   * atomically: a reader sees the whole blob or none. A blob already there is replaced.
   * Fails with IllegalArgumentException for an invalid key.
   */
  Future<Void> put(String key, Buffer bytes, String contentType);

  /** Whether a blob is stored under {@code key}. */
  Future<Boolean> exists(String key);

  /** The blob under {@code key}, or empty when there is none. */
  Future<Optional<Blob>> get(String key);

  /**
   * Checks that the store can be written and read (writes, reads and removes a probe): a stage
   * that writes blobs calls it in {@link Stage#init}, so a store it cannot use stops start-up.
   */
  Future<Void> check();

  /** Where the blobs go, for logs and messages (a directory or an s3:// URL; never a secret). */
  String describe();
}

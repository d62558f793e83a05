package com.screenalytics.facebank.stage.api;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a photo's bytes are (API 1.1), set on a candidate by {@code mirror} and read by later
 * stages: the sha256 of the bytes (lower-case hex), a 64-bit perceptual hash of the picture, the
 * sniffed MIME type, the size in bytes, the decoded width and height, and the key of the original
 * in the {@link BlobStore}. The store writes them into face_bank_images (content_sha256,
 * perceptual_hash, mime, bytes, mirror_key; width and height are the decoded ones).
 */
public record Content(String sha256, long perceptualHash, String mime, long bytes, int width, int height,
                      String blobKey) {

  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  public Content {
    if (sha256 == null || !SHA256.matcher(sha256).matches()) {
      throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits: " + sha256);
    }
    if (mime == null || mime.isBlank()) {
      throw new IllegalArgumentException("mime is required");
    }
    if (bytes < 0 || width <= 0 || height <= 0) {
      throw new IllegalArgumentException("bytes, width and height must be positive");
    }
    if (!BlobStore.validKey(blobKey)) {
      throw new IllegalArgumentException("not a blob key: " + blobKey);
    }
  }

  /** The perceptual hash as 16 hex digits, as the API shows it. */
  public String perceptualHashHex() {
    return hex(perceptualHash);
  }

  /** 16 lower-case hex digits of a 64-bit hash. */
  public static String hex(long hash) {
    return String.format(Locale.ROOT, "%016x", hash);
  }

  /** How many of the 64 bits differ: 0 for the same picture, small for a resized or recompressed copy. */
  public static int hammingDistance(long a, long b) {
    return Long.bitCount(a ^ b);
  }
}

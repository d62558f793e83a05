package com.screenalytics.facebank.plugin.faces;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Finding a model file at start-up: a path its stage can read, or a refusal naming the path. */
final class Models {

  private Models() {
  }

  /** {@code path} as given when absolute, else under {@code modelDir}. */
  static Path resolve(Path modelDir, String path) {
    Path given = Path.of(path);
    return given.isAbsolute() ? given : modelDir.resolve(given);
  }

  /** Throws, naming the path, unless it is a readable regular file. */
  static Path readable(String stage, String what, Path path) {
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw new IllegalArgumentException("stage " + stage + ": " + what + " " + path.toAbsolutePath()
          + " does not exist or cannot be read");
    }
    return path;
  }

  static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[65536];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

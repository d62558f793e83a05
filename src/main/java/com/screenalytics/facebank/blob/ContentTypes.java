package com.screenalytics.facebank.blob;

import java.util.Locale;
import java.util.Map;

/** The content type of a blob stored on the filesystem, from its key's extension (S3 keeps its own). */
final class ContentTypes {

  private static final Map<String, String> BY_EXTENSION = Map.of(
      "jpg", "image/jpeg", "jpeg", "image/jpeg", "png", "image/png", "webp", "image/webp", "gif", "image/gif",
      "json", "application/json", "txt", "text/plain; charset=utf-8");

  private ContentTypes() {
  }

  static String of(String key) {
    int dot = key.lastIndexOf('.');
    int slash = key.lastIndexOf('/');
    if (dot <= slash) {
      return "application/octet-stream";
    }
    return BY_EXTENSION.getOrDefault(key.substring(dot + 1).toLowerCase(Locale.ROOT), "application/octet-stream");
  }
}

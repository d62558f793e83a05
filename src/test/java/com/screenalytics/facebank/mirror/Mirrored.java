package com.screenalytics.facebank.mirror;

import com.screenalytics.facebank.config.AppConfig;
import com.screenalytics.facebank.testsupport.ImageServer;
import com.screenalytics.facebank.testsupport.ServiceExtension.Services;
import com.screenalytics.facebank.testsupport.ServiceUnderTest;
import com.screenalytics.facebank.testsupport.TestPlugins;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/** A service with the mirror plugin switched on, its blob directory in target/, and an image server. */
final class Mirrored {

  final ServiceUnderTest service;
  final ImageServer images;
  final Path blobDir;

  private Mirrored(ServiceUnderTest service, ImageServer images, Path blobDir) {
    this.service = service;
    this.images = images;
    this.blobDir = blobDir;
  }

  /** A fresh blob directory under target/ (the clone's own, never /tmp of another's). */
  static Path newBlobDir() {
    return Path.of("target", "test-blobs", UUID.randomUUID().toString()).toAbsolutePath();
  }

  /** Mirror on, 127.0.0.1 allowed (the image server is there), plus {@code extra}. */
  static Mirrored start(Services services, JsonObject extra) {
    Path blobs = newBlobDir();
    JsonObject config = new JsonObject()
        .put(AppConfig.PLUGINS_DIR, TestPlugins.dir("mirror").toString())
        .put("STAGE_MIRROR_ENABLED", "true")
        .put(AppConfig.FETCH_ALLOW_HOSTS, "127.0.0.1")
        .put(AppConfig.BLOB_DIR, blobs.toString())
        .mergeIn(extra, true);
    ServiceUnderTest service = services.start(config);
    ImageServer images = ImageServer.start(service.vertx).await();
    return new Mirrored(service, images, blobs);
  }

  static Mirrored start(Services services) {
    return start(services, new JsonObject());
  }

  /** The face_bank_images rows of a person, oldest first, with the content columns. */
  List<Map<String, Object>> rows(UUID person) {
    return service.db.query("SELECT s3_original_key, content_sha256, perceptual_hash, mime, bytes, mirror_key, width,"
        + " height FROM face_bank_images WHERE person_id = ? ORDER BY created_at, s3_original_key", person);
  }

  /** The blob files under the blob directory, as keys (sorted). */
  List<String> blobKeys() {
    if (!Files.isDirectory(blobDir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(blobDir)) {
      return files.filter(Files::isRegularFile).map(file -> blobDir.relativize(file).toString().replace('\\', '/'))
          .sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonObject person(JsonObject result, int index) {
    return result.getJsonArray("people").getJsonObject(index);
  }

  static JsonArray duplicates(JsonObject person) {
    return person.getJsonArray("duplicates");
  }
}

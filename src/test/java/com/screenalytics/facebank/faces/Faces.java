package com.screenalytics.facebank.faces;

import com.screenalytics.facebank.config.AppConfig;
import com.screenalytics.facebank.testsupport.ImageServer;
import com.screenalytics.facebank.testsupport.ServiceExtension.Services;
import com.screenalytics.facebank.testsupport.ServiceUnderTest;
import com.screenalytics.facebank.testsupport.TestPlugins;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * A service with mirror and the face stages of the faces plugin (as the build made it: a folder of
 * its jar and ONNX Runtime's) switched on, the detector fetched by the build into target/models,
 * a blob directory under target/, and an image server on 127.0.0.1.
 */
final class Faces {

  static final Path MODEL_DIR = Detector.MODEL_DIR;

  final ServiceUnderTest service;
  final ImageServer images;
  final Path blobDir;

  private Faces(ServiceUnderTest service, ImageServer images, Path blobDir) {
    this.service = service;
    this.images = images;
    this.blobDir = blobDir;
  }


  /** mirror and {@code stages} on, with {@code extra} config (e.g. "stages" options). */
  static Faces start(Services services, List<String> stages, JsonObject extra) {
    Detector.require();
    Path blobs = Path.of("target", "test-blobs", UUID.randomUUID().toString()).toAbsolutePath();
    JsonObject config = new JsonObject()
        .put(AppConfig.PLUGINS_DIR, TestPlugins.dir("mirror", "faces").toString())
        .put(AppConfig.MODEL_DIR, MODEL_DIR.toString())
        .put("STAGE_MIRROR_ENABLED", "true")
        .put(AppConfig.FETCH_ALLOW_HOSTS, "127.0.0.1")
        .put(AppConfig.BLOB_DIR, blobs.toString());
    for (String stage : stages) {
      config.put("STAGE_" + stage.toUpperCase(java.util.Locale.ROOT) + "_ENABLED", "true");
    }
    ServiceUnderTest service = services.start(config.mergeIn(extra, true));
    ImageServer images = ImageServer.start(service.vertx).await();
    return new Faces(service, images, blobs);
  }

  /** The face_bank_images rows of a person, oldest first. */
  List<Map<String, Object>> rows(UUID person) {
    return service.db.query("SELECT s3_original_key, content_sha256, s3_aligned_key, s3_embedding_key, quality_score,"
        + " stage_details::text AS stage_details FROM face_bank_images WHERE person_id = ?"
        + " ORDER BY created_at, s3_original_key", person);
  }

  /** Every blob key written, relative to the blob directory, sorted. */
  List<String> blobKeys() {
    if (!Files.isDirectory(blobDir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(blobDir)) {
      return files.filter(Files::isRegularFile).map(file -> blobDir.relativize(file).toString().replace('\\', '/'))
          .filter(key -> !key.startsWith(".")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  byte[] blob(String key) {
    try {
      return Files.readAllBytes(blobDir.resolve(key));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static BufferedImage image(byte[] bytes) {
    try {
      return ImageIO.read(new ByteArrayInputStream(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonObject stageDetails(Map<String, Object> row) {
    return new JsonObject((String) row.get("stage_details"));
  }
}

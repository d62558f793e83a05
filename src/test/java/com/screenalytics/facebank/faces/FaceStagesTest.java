package com.screenalytics.facebank.faces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;

import com.screenalytics.facebank.config.AppConfig;
import com.screenalytics.facebank.demo.Portraits;
import com.screenalytics.facebank.demo.ProjectionModel;
import com.screenalytics.facebank.testsupport.ServiceExtension;
import com.screenalytics.facebank.testsupport.ServiceExtension.Services;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 13, all four stages: mirror, crop, enhance (CLAHE) and embed, with a small ONNX model built
 * in code (a fixed projection) standing in for a real embedding model; near-duplicate faces; every
 * stage off; what stops start-up.
 */
@ExtendWith(ServiceExtension.class)
class FaceStagesTest {

  static final int DIMS = 16;
  static final List<String> ALL = List.of("crop", "enhance", "embed");

  /** The tiny model under target/ and the config that points embed at it. */
  static JsonObject embedWith(ProjectionModel model, Path file, double duplicateDistance) {
    model.write(file);
    return new JsonObject().put("stages", new JsonObject().put("embed", new JsonObject().put("options",
        new JsonObject().put("model_path", file.toString()).put("model_id", "tiny-projection")
            .put("duplicate_distance", duplicateDistance))));
  }

  static Path modelFile() {
    return Path.of("target", "test-models", UUID.randomUUID() + ".onnx").toAbsolutePath();
  }

  @Test
  void everyFaceIsCroppedEnhancedAndEmbeddedInOneBatchAsUnitFloats(Services services) throws Exception {
    ProjectionModel model = new ProjectionModel(112, DIMS, 13);
    Faces f = Faces.start(services, ALL, embedWith(model, modelFile(), 0.05));
    // The last one underexposed, as a photo taken in a dim room: CLAHE brings its contrast up.
    List<byte[]> photos = List.of(Portraits.png("Joelle Fairbanks", 2, 480, 600, 1),
        Portraits.png("Joelle Fairbanks", 3, 720, 900, 1), dim(Portraits.png("Joelle Fairbanks", 4, 480, 600, 1)));
    String dimSha = CropStageTest.sha256(photos.get(2));
    UUID show = f.service.trr.show("All");
    UUID p = f.service.trr.selfCredited(show, "Al Stages");
    for (int i = 0; i < photos.size(); i++) {
      f.service.trr.seedPhoto(p, f.images.serve("/p" + i + ".png", photos.get(i), "image/png"), i + 1);
    }
    f.service.linkedShow("all", show);

    JsonObject result = f.service.syncOk("all");

    assertThat(result.getJsonArray("stages").getList()).endsWith("mirror", "crop", "enhance", "embed");
    JsonObject person = result.getJsonArray("people").getJsonObject(0);
    assertThat(person.getString("status")).isEqualTo("ok");
    assertThat(person.getInteger("imported_images")).isEqualTo(3);
    assertThat(person.getJsonArray("dropped")).isEmpty();
    assertThat(person.getJsonArray("duplicates")).isEmpty();
    List<Map<String, Object>> rows = f.rows(p);
    assertThat(rows).hasSize(3);
    for (Map<String, Object> row : rows) {
      String sha = (String) row.get("content_sha256");
      assertThat(row.get("s3_embedding_key")).isEqualTo("embeddings/tiny-projection/" + sha + ".f32");
      JsonObject details = Faces.stageDetails(row);
      assertThat(details.getJsonObject("embed")).isEqualTo(new JsonObject().put("model_id", "tiny-projection")
          .put("dims", DIMS).put("batch", 3).put("blob", "written"));
      assertThat(details.getJsonObject("enhance").getString("key")).isEqualTo("enhanced/" + sha + ".png");

      BufferedImage aligned = Faces.image(f.blob("aligned/" + sha + ".png"));
      BufferedImage enhanced = Faces.image(f.blob("enhanced/" + sha + ".png"));
      assertThat(enhanced.getWidth()).isEqualTo(112);
      assertThat(enhanced.getHeight()).isEqualTo(112);
      assertThat(enhanced).isNotNull();
      if (sha.equals(dimSha)) {
        assertThat(contrast(enhanced)).as("CLAHE spreads the dim crop's luminance").isGreaterThan(1.5 * contrast(aligned));
      }

      byte[] blob = f.blob((String) row.get("s3_embedding_key"));
      assertThat(blob).hasSize(DIMS * 4);
      float[] stored = floats(blob);
      double norm = 0;
      for (float v : stored) {
        norm += v * v;
      }
      assertThat(Math.sqrt(norm)).isCloseTo(1.0, within(1e-5));
      // What the model gives for the enhanced crop, NCHW, RGB, (x - 127.5) / 127.5, normalised.
      float[] expected = unit(model.project(nchw(enhanced)));
      for (int d = 0; d < DIMS; d++) {
        assertThat(stored[d]).as("dimension %d", d).isCloseTo(expected[d], within(1e-4f));
      }
    }
  }

  @Test
  void theSameFaceInAnotherPhotoIsANearDuplicateFace(Services services) throws Exception {
    ProjectionModel model = new ProjectionModel(112, DIMS, 13);
    Faces f = Faces.start(services, List.of("crop", "embed"), embedWith(model, modelFile(), 0.3));
    byte[] photo = Portraits.png("Marisol Quintero", 1, 480, 600, 1);
    byte[] again = repainted(photo); // the same face, the room around it changed: another photo to mirror
    byte[] other = Portraits.png("Opal Whitaker", 4, 480, 600, 1);
    String photoUrl = f.images.serve("/photo.png", photo, "image/png");
    String againUrl = f.images.serve("/again.png", again, "image/png");
    String otherUrl = f.images.serve("/other.png", other, "image/png");
    UUID show = f.service.trr.show("Once");
    UUID p = f.service.trr.selfCredited(show, "Wun Face");
    f.service.trr.seedPhoto(p, photoUrl, 1);
    f.service.trr.seedPhoto(p, againUrl, 2);
    f.service.trr.seedPhoto(p, otherUrl, 3);
    f.service.linkedShow("once", show);

    JsonObject person = f.service.syncOk("once").getJsonArray("people").getJsonObject(0);

    assertThat(person.getString("status")).isEqualTo("ok");
    assertThat(person.getInteger("imported_images")).isEqualTo(2);
    JsonArray duplicates = person.getJsonArray("duplicates");
    assertThat(duplicates).hasSize(1);
    assertThat(duplicates.getJsonObject(0).getString("s3_original_key")).isEqualTo(againUrl);
    assertThat(duplicates.getJsonObject(0).getString("rule")).isEqualTo("near_duplicate_face");
    assertThat(duplicates.getJsonObject(0).getString("detail")).startsWith("embedding distance ")
        .endsWith(" from " + photoUrl + " (duplicate_distance 0.3)");
    assertThat(f.rows(p)).extracting(row -> row.get("s3_original_key")).containsExactlyInAnyOrder(photoUrl, otherUrl);
    assertThat(f.blobKeys()).filteredOn(key -> key.startsWith("embeddings/")).hasSize(2);
  }

  @Test
  void aFaceTheFaceBankHasIsANearDuplicateFaceInALaterRun(Services services) throws Exception {
    ProjectionModel model = new ProjectionModel(112, DIMS, 13);
    Faces f = Faces.start(services, List.of("crop", "embed"), embedWith(model, modelFile(), 0.3));
    byte[] photo = Portraits.png("Marisol Quintero", 1, 480, 600, 1);
    String photoUrl = f.images.serve("/first.png", photo, "image/png");
    String againUrl = f.images.serve("/later.png", repainted(photo), "image/png");
    String otherUrl = f.images.serve("/someone.png", Portraits.png("Opal Whitaker", 4, 480, 600, 1), "image/png");
    UUID show = f.service.trr.show("Later");
    UUID p = f.service.trr.selfCredited(show, "Wun Face");
    f.service.trr.seedPhoto(p, photoUrl, 1);
    f.service.linkedShow("later", show);
    assertThat(f.service.syncOk("later").getJsonArray("people").getJsonObject(0).getInteger("imported_images"))
        .isEqualTo(1);

    // TRR flags two more photos: the same face repainted, and another face.
    f.service.trr.seedPhoto(p, againUrl, 2);
    f.service.trr.seedPhoto(p, otherUrl, 3);
    JsonObject person = f.service.syncOk("later").getJsonArray("people").getJsonObject(0);

    assertThat(person.getInteger("imported_images")).isEqualTo(1);
    JsonArray duplicates = person.getJsonArray("duplicates");
    assertThat(duplicates).extracting(d -> ((JsonObject) d).getString("s3_original_key"))
        .containsExactlyInAnyOrder(photoUrl, againUrl);
    JsonObject face = duplicates.stream().map(JsonObject.class::cast)
        .filter(d -> d.getString("s3_original_key").equals(againUrl)).findFirst().orElseThrow();
    assertThat(face.getString("rule")).isEqualTo("near_duplicate_face");
    assertThat(face.getString("detail")).startsWith("embedding distance ")
        .endsWith(" from " + photoUrl + ", in the face bank (duplicate_distance 0.3)");
    assertThat(f.rows(p)).extracting(row -> row.get("s3_original_key")).containsExactlyInAnyOrder(photoUrl, otherUrl);
    assertThat(f.blobKeys()).filteredOn(key -> key.startsWith("embeddings/")).hasSize(2);
  }

  @Test
  void everyStageOffIsDayOneExactly(Services services) {
    Path noModels = Path.of("target", "no-models", UUID.randomUUID().toString()).toAbsolutePath();
    JsonObject dayOne = sync(services.start(), "dayone");
    JsonObject withPlugins = sync(services.start(new JsonObject()
        .put(AppConfig.PLUGINS_DIR, com.screenalytics.facebank.testsupport.TestPlugins.dir("mirror", "faces").toString())
        .put(AppConfig.MODEL_DIR, noModels.toString())), "dayone");

    assertThat(withPlugins.getJsonArray("stages").getList())
        .containsExactly("fetch-cast", "resolve", "import-photos", "dedupe");
    assertThat(comparable(withPlugins)).isEqualTo(comparable(dayOne));
  }

  private JsonObject sync(com.screenalytics.facebank.testsupport.ServiceUnderTest service, String showId) {
    UUID show = service.trr.show("Day One");
    UUID p = service.trr.selfCredited(show, "Day Juan");
    service.trr.seedPhoto(p, "https://images.example/day-one/1.png", 1);
    service.trr.seedPhoto(p, "https://images.example/day-one/2.png", 2);
    service.linkedShow(showId, show);
    JsonObject result = service.syncOk(showId);
    List<Map<String, Object>> rows = service.db.query("SELECT s3_aligned_key, s3_embedding_key, quality_score,"
        + " content_sha256, stage_details::text AS stage_details FROM face_bank_images WHERE person_id = ?", p);
    assertThat(rows).hasSize(2);
    rows.forEach(row -> assertThat(row.values()).containsOnlyNulls());
    return result;
  }

  /** The result without what differs from run to run: ids, times, durations. */
  private static Object comparable(Object value) {
    if (value instanceof JsonObject object) {
      JsonObject out = new JsonObject();
      object.fieldNames().stream().sorted().forEach(name -> out.put(name,
          name.endsWith("_at") || name.endsWith("_ms") || name.endsWith("_id") ? "*" : comparable(object.getValue(name))));
      return out;
    }
    if (value instanceof JsonArray array) {
      JsonArray out = new JsonArray();
      array.forEach(item -> out.add(comparable(item)));
      return out;
    }
    return value;
  }

  @Test
  void anEmbeddingModelThatIsNotThereStopsStartUpNamingItsPath(Services services) {
    Path missing = Path.of("target", "no-models", UUID.randomUUID() + ".onnx").toAbsolutePath();

    Throwable failure = catchThrowable(() -> Faces.start(services, ALL, new JsonObject().put("stages",
        new JsonObject().put("embed", new JsonObject().put("options", new JsonObject()
            .put("model_path", missing.toString()))))));

    assertThat(failure).hasMessageContaining("stage 'embed' failed to initialize")
        .hasMessageContaining(missing.toString()).hasMessageContaining("does not exist or cannot be read");
  }

  @Test
  void embedWithoutAModelPathStopsStartUpSayingSo(Services services) {
    Throwable failure = catchThrowable(() -> Faces.start(services, List.of("crop", "embed"), new JsonObject()));

    assertThat(failure).hasMessageContaining("stage 'embed' failed to initialize")
        .hasMessageContaining("options.model_path");
  }

  @Test
  void aFileThatIsNotAnOnnxModelStopsStartUpNamingIt(Services services) throws Exception {
    Path bogus = modelFile();
    java.nio.file.Files.createDirectories(bogus.getParent());
    java.nio.file.Files.writeString(bogus, "not a model");

    Throwable failure = catchThrowable(() -> Faces.start(services, List.of("crop", "embed"), new JsonObject()
        .put("stages", new JsonObject().put("embed", new JsonObject().put("options", new JsonObject()
            .put("model_path", bogus.toString()))))));

    assertThat(failure).hasMessageContaining("stage 'embed' failed to initialize")
        .hasMessageContaining(bogus.toString()).hasMessageContaining("cannot be loaded");
  }

  static float[] floats(byte[] bytes) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[bytes.length / 4];
    for (int i = 0; i < out.length; i++) {
      out[i] = buffer.getFloat();
    }
    return out;
  }

  static float[] nchw(BufferedImage crop) {
    int size = crop.getWidth();
    float[] out = new float[3 * size * size];
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        int rgb = crop.getRGB(x, y);
        int i = y * size + x;
        out[i] = (((rgb >> 16) & 0xff) - 127.5f) / 127.5f;
        out[size * size + i] = (((rgb >> 8) & 0xff) - 127.5f) / 127.5f;
        out[2 * size * size + i] = ((rgb & 0xff) - 127.5f) / 127.5f;
      }
    }
    return out;
  }

  static float[] unit(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += x * x;
    }
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) (v[i] / Math.sqrt(sum));
    }
    return out;
  }

  /** Standard deviation of the luma: how spread the crop's tones are. */
  static double contrast(BufferedImage image) {
    double sum = 0;
    double squares = 0;
    int n = image.getWidth() * image.getHeight();
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y);
        double luma = 0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff);
        sum += luma;
        squares += luma * luma;
      }
    }
    double mean = sum / n;
    return Math.sqrt(squares / n - mean * mean);
  }

  /** The photo at a third of its brightness, low in contrast. */
  static byte[] dim(byte[] png) throws Exception {
    BufferedImage image = Faces.image(png);
    java.awt.image.RescaleOp dark = new java.awt.image.RescaleOp(0.3f, 10f, null);
    BufferedImage out = dark.filter(image, null);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ImageIO.write(out, "png", bytes);
    return bytes.toByteArray();
  }

  /**
   * The photo with a quarter of each side painted over, one side light, one dark: far from it in
   * perceptual hash (mirror keeps both), the face in the middle untouched.
   */
  static byte[] repainted(byte[] png) throws Exception {
    BufferedImage image = Faces.image(png);
    Graphics2D g = image.createGraphics();
    try {
      int w = image.getWidth();
      int h = image.getHeight();
      g.setColor(new Color(0xF4F4F4));
      g.fillRect(0, 0, w / 4, h);
      g.setColor(new Color(0x101820));
      g.fillRect(w * 3 / 4, 0, w / 4, h);
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }
}

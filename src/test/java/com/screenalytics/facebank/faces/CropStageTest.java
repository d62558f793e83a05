package com.screenalytics.facebank.faces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;

import com.screenalytics.facebank.config.AppConfig;
import com.screenalytics.facebank.demo.Portraits;
import com.screenalytics.facebank.testsupport.ServiceExtension;
import com.screenalytics.facebank.testsupport.ServiceExtension.Services;
import io.vertx.core.json.JsonObject;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 13, crop: BlazeFace (the real model the build fetched, on ONNX Runtime, in the plugin's own
 * class loader) finds the face in the demo's portraits; the face is aligned by its eyes into a
 * 112x112 crop in the blob store; photos with no face, two faces, a small face or a doubtful one
 * are dropped with their reasons, and the person is ok.
 */
@ExtendWith(ServiceExtension.class)
class CropStageTest {

  static final List<String> CROP = List.of("crop");

  @Test
  void aPortraitGivesAnAlignedCropWithLevelEyesEvenWhenThePhotoIsTilted(Services services) throws Exception {
    Faces f = Faces.start(services, CROP, new JsonObject());
    byte[] upright = Portraits.png("Aurelia Vance", 2, 480, 600, 1);
    byte[] tilted = rotated(Portraits.png("Beatrix Holloway", 4, 480, 600, 1), 14);
    String uprightUrl = f.images.serve("/upright.png", upright, "image/png");
    String tiltedUrl = f.images.serve("/tilted.png", tilted, "image/png");
    UUID show = f.service.trr.show("Faces");
    UUID p = f.service.trr.selfCredited(show, "Fay Sees");
    f.service.trr.seedPhoto(p, uprightUrl, 1);
    f.service.trr.seedPhoto(p, tiltedUrl, 2);
    f.service.linkedShow("faces", show);

    JsonObject result = f.service.syncOk("faces");

    assertThat(result.getJsonArray("stages").getList()).endsWith("mirror", "crop");
    JsonObject person = result.getJsonArray("people").getJsonObject(0);
    assertThat(person.getString("status")).isEqualTo("ok");
    assertThat(person.getInteger("imported_images")).isEqualTo(2);
    assertThat(person.getJsonArray("dropped")).isEmpty();
    Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
    f.rows(p).forEach(row -> rows.put((String) row.get("s3_original_key"), row));
    for (Map.Entry<String, byte[]> photo : Map.of(uprightUrl, upright, tiltedUrl, tilted).entrySet()) {
      Map<String, Object> row = rows.get(photo.getKey());
      String aligned = "aligned/" + sha256(photo.getValue()) + ".png";
      assertThat(row.get("s3_aligned_key")).isEqualTo(aligned);
      BufferedImage crop = Faces.image(f.blob(aligned));
      assertThat(crop.getWidth()).isEqualTo(112);
      assertThat(crop.getHeight()).isEqualTo(112);
      assertThat(EyeLine.degrees(crop)).as("eye line of the crop of %s", photo.getKey()).isCloseTo(0, within(3.0));
      double quality = (Double) row.get("quality_score");
      assertThat(quality).isBetween(0.0, 1.0);
      JsonObject details = Faces.stageDetails(row).getJsonObject("crop");
      assertThat(details.getDouble("score")).isBetween(0.6, 1.0);
      assertThat(details.getInteger("faces")).isEqualTo(1);
      assertThat(details.getInteger("face_px")).isGreaterThanOrEqualTo(64);
      assertThat(details.getJsonObject("quality").fieldNames()).containsExactlyInAnyOrder("confidence", "size",
          "sharpness");
      assertThat(details.getDouble("sharpness")).isPositive();
      assertThat(details.getString("blob")).isEqualTo("written");
    }
    double tiltedRoll = Faces.stageDetails(rows.get(tiltedUrl)).getJsonObject("crop").getDouble("roll_deg");
    assertThat(tiltedRoll).as("the roll the crop undid").isCloseTo(14, within(4.0));
  }

  @Test
  void photosWithNoFaceTwoFacesASmallFaceOrADoubtfulOneAreDroppedWithTheirReasons(Services services) {
    Faces f = Faces.start(services, CROP, new JsonObject());
    String face = f.images.serve("/face.png", Portraits.png("Priya Castellanos", 2, 480, 600, 1), "image/png");
    String empty = f.images.serve("/empty.png", Portraits.png("Harper Lindqvist", 2, 480, 600, 0), "image/png");
    String two = f.images.serve("/two.png", Portraits.png("Priya Castellanos", 4, 900, 600, 2), "image/png");
    String small = f.images.serve("/small.png", Portraits.png("Celeste Marchand", 1, 160, 200, 1), "image/png");
    UUID show = f.service.trr.show("Drops");
    UUID p = f.service.trr.selfCredited(show, "Dee Rops");
    List<String> urls = List.of(face, empty, two, small);
    for (int i = 0; i < urls.size(); i++) {
      f.service.trr.seedPhoto(p, urls.get(i), i + 1);
    }
    f.service.linkedShow("drops", show);

    JsonObject result = f.service.syncOk("drops");

    assertThat(result.getString("status")).isEqualTo("ok");
    JsonObject person = result.getJsonArray("people").getJsonObject(0);
    assertThat(person.getString("status")).isEqualTo("ok");
    assertThat(person.getInteger("imported_images")).isEqualTo(1);
    Map<String, String> reasons = new LinkedHashMap<>();
    person.getJsonArray("dropped").stream().map(JsonObject.class::cast).forEach(d -> {
      assertThat(d.getString("stage")).isEqualTo("crop");
      assertThat(d.getString("detail")).isNotBlank();
      reasons.put(d.getString("s3_original_key"), d.getString("reason"));
    });
    assertThat(reasons).containsExactly(Map.entry(empty, "no_face"), Map.entry(two, "multiple_faces"),
        Map.entry(small, "face_too_small"));
    assertThat(f.rows(p)).extracting(row -> row.get("s3_original_key")).containsExactly(face);
    assertThat(f.blobKeys()).filteredOn(key -> key.startsWith("aligned/")).hasSize(1);
  }

  @Test
  void aFaceUnderMinScoreIsLowConfidenceAndTwoFacesCanBeRejectedOutright(Services services) {
    Faces f = Faces.start(services, CROP, new JsonObject().put("stages", new JsonObject().put("crop",
        new JsonObject().put("options", new JsonObject().put("min_score", 0.99).put("min_face_px", 20)))));
    String small = f.images.serve("/small.png", Portraits.png("Celeste Marchand", 1, 160, 200, 1), "image/png");
    UUID show = f.service.trr.show("Doubt");
    UUID p = f.service.trr.selfCredited(show, "Dow Bt");
    f.service.trr.seedPhoto(p, small, 1);
    f.service.linkedShow("doubt", show);

    JsonObject person = f.service.syncOk("doubt").getJsonArray("people").getJsonObject(0);

    assertThat(person.getString("status")).isEqualTo("ok");
    JsonObject dropped = person.getJsonArray("dropped").getJsonObject(0);
    assertThat(dropped.getString("reason")).isEqualTo("low_confidence");
    assertThat(dropped.getString("detail")).contains("under min_score 0.99");
    assertThat(f.rows(p)).isEmpty();
  }

  @Test
  void aSecondRunWritesNothing(Services services) {
    Faces f = Faces.start(services, CROP, new JsonObject());
    String face = f.images.serve("/face.png", Portraits.png("Aurelia Vance", 1, 480, 600, 1), "image/png");
    UUID show = f.service.trr.show("Again");
    UUID p = f.service.trr.selfCredited(show, "A Gain");
    f.service.trr.seedPhoto(p, face, 1);
    f.service.linkedShow("again", show);
    f.service.syncOk("again");
    List<Map<String, Object>> rows = f.rows(p);
    List<String> blobs = f.blobKeys();
    assertThat(blobs).hasSize(2);

    JsonObject person = f.service.syncOk("again").getJsonArray("people").getJsonObject(0);

    assertThat(person.getInteger("imported_images")).isZero();
    assertThat(f.rows(p)).isEqualTo(rows);
    assertThat(f.blobKeys()).isEqualTo(blobs);
  }

  @Test
  void aDetectorThatIsNotThereStopsStartUpNamingItsPath(Services services) {
    Path missing = Path.of("target", "no-models", UUID.randomUUID().toString()).toAbsolutePath();

    Throwable failure = catchThrowable(() -> Faces.start(services, CROP,
        new JsonObject().put(AppConfig.MODEL_DIR, missing.toString())));

    assertThat(failure).hasMessageContaining("stage 'crop' failed to initialize")
        .hasMessageContaining(missing.resolve("blazeface/face_detection_front_128x128_barracuda.onnx").toString());
  }

  @Test
  void aDetectorFileThatIsNotBlazeFaceStopsStartUpNamingItAndItsChecksum(Services services) throws Exception {
    Path models = Path.of("target", "bad-models", UUID.randomUUID().toString()).toAbsolutePath();
    Path detector = models.resolve("blazeface/face_detection_front_128x128_barracuda.onnx");
    java.nio.file.Files.createDirectories(detector.getParent());
    java.nio.file.Files.write(detector, "not the model".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    Throwable failure = catchThrowable(() -> Faces.start(services, CROP,
        new JsonObject().put(AppConfig.MODEL_DIR, models.toString())));

    assertThat(failure).hasMessageContaining("stage 'crop' failed to initialize")
        .hasMessageContaining(detector.toString()).hasMessageContaining("has sha256 ")
        .hasMessageContaining("fetch-detector.sh");
  }

  /** {@code png} turned by {@code degrees} (clockwise) about its centre, the corners filled grey. */
  static byte[] rotated(byte[] png, double degrees) throws IOException {
    BufferedImage source = Faces.image(png);
    BufferedImage out = new BufferedImage(source.getWidth(), source.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setColor(Color.GRAY);
      g.fillRect(0, 0, out.getWidth(), out.getHeight());
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.rotate(Math.toRadians(degrees), source.getWidth() / 2.0, source.getHeight() / 2.0);
      g.drawImage(source, 0, 0, null);
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ImageIO.write(out, "png", bytes);
    return bytes.toByteArray();
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}

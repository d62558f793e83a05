package com.screenalytics.facebank.plugin.faces;

import com.screenalytics.facebank.plugin.faces.BlazeFace.Face;
import com.screenalytics.facebank.stage.api.BlobStore;
import com.screenalytics.facebank.stage.api.Candidate;
import com.screenalytics.facebank.stage.api.ComputePool;
import com.screenalytics.facebank.stage.api.Content;
import com.screenalytics.facebank.stage.api.PersonRun;
import com.screenalytics.facebank.stage.api.PersonStage;
import com.screenalytics.facebank.stage.api.StageContext;
import com.screenalytics.facebank.stage.api.StageException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 60, {@code crop} (requires {@code mirror}): finds the face in each photo with BlazeFace and
 * keeps it. Per candidate, on the compute pool: the original (mirror's blob) is decoded, faces are
 * detected, and the photo is dropped, in this order, with
 * <ul>
 *   <li>{@code no_face}: none scores {@value BlazeFace#DETECTION_THRESHOLD} or more;
 *   <li>{@code multiple_faces}: more than one, under {@code multiple_faces}: {@code largest} (the
 *       default) keeps the largest when every other is under {@code second_face_ratio} (1/3) of its
 *       area, {@code reject} drops every photo with two;
 *   <li>{@code face_too_small}: the face's box is under {@code min_face_px} (64) on its shorter side;
 *   <li>{@code low_confidence}: its score is under {@code min_score} (0.6).
 * </ul>
 * The face kept is detected again around itself (and mirrored) for its eyes, aligned by them into a
 * 112x112 RGB crop stored as {@code aligned/<sha256>.png} (s3_aligned_key), and given a
 * {@code quality_score} in [0,1] from its score, size and sharpness (variance of the Laplacian of
 * the crop), with the parts in the details.
 */
public final class CropStage implements PersonStage {

  static final String NAME = "crop";
  static final String NO_FACE = "no_face";
  static final String MULTIPLE_FACES = "multiple_faces";
  static final String FACE_TOO_SMALL = "face_too_small";
  static final String LOW_CONFIDENCE = "low_confidence";
  static final String DEFAULT_DETECTOR = "blazeface/" + BlazeFace.FILE;

  private static final Logger LOG = LoggerFactory.getLogger(CropStage.class);

  private BlobStore blobs;
  private ComputePool compute;
  private BlazeFace detector;
  private int minFacePx;
  private double minScore;
  private boolean rejectMultiple;
  private double secondFaceRatio;

  /** What the compute step decided for one photo: a drop, or the crop and its details. */
  private record Outcome(String reason, String detail, byte[] png, double quality, JsonObject details) {
    static Outcome dropped(String reason, String detail) {
      return new Outcome(reason, detail, null, 0, null);
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Future<Void> init(StageContext context) {
    Path model;
    try {
      Options options = new Options(NAME, context.options());
      minFacePx = options.integer("min_face_px", 64, 1, 100_000);
      minScore = options.number("min_score", 0.6, 0, 1);
      rejectMultiple = options.oneOf("multiple_faces", "largest", Set.of("largest", "reject")).equals("reject");
      secondFaceRatio = options.number("second_face_ratio", 1.0 / 3, 0, 1);
      model = Models.readable(NAME, "the face detector", Models.resolve(context.modelDir(),
          options.string("detector", DEFAULT_DETECTOR)));
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    blobs = context.blobs();
    compute = context.compute();
    return context.compute().compute(() -> {
      String sha256 = Models.sha256(model);
      if (!sha256.equals(BlazeFace.SHA256)) {
        throw new IllegalArgumentException("stage crop: the face detector " + model.toAbsolutePath()
            + " has sha256 " + sha256 + ", not BlazeFace's " + BlazeFace.SHA256 + " (fetch it with stages/faces/fetch-detector.sh)");
      }
      return new BlazeFace(model, false);
    }).compose(loaded -> {
      detector = loaded;
      LOG.info("crop detects faces with {}; min_face_px {}, min_score {}, multiple_faces {}", model, minFacePx,
          minScore, rejectMultiple ? "reject" : "largest");
      return blobs.check();
    });
  }

  /** Every photo analysed at once (on the pool), then decided in the candidates' order, so drops are reported in it. */
  @Override
  public Future<Void> run(PersonRun person) {
    List<Candidate> candidates = person.candidates().stream().filter(c -> c.content() != null).toList();
    List<Future<Outcome>> outcomes = candidates.stream().map(this::analyse).toList();
    return Future.all(outcomes).compose(all -> {
      List<Future<Void>> kept = new ArrayList<>();
      for (int i = 0; i < candidates.size(); i++) {
        kept.add(keep(person, candidates.get(i), outcomes.get(i).result()));
      }
      return Future.all(kept).mapEmpty();
    });
  }

  private Future<Outcome> analyse(Candidate candidate) {
    Content content = candidate.content();
    return blobs.get(content.blobKey())
        .recover(e -> Future.failedFuture(new StageException("blob_read_failed",
            "reading the original " + content.blobKey() + " failed: " + e.getMessage(), null, e)))
        .compose(blob -> {
          if (blob.isEmpty()) {
            return Future.failedFuture(new StageException("blob_missing", "the original " + content.blobKey()
                + " is not in the blob store"));
          }
          byte[] bytes = blob.get().bytes().getBytes();
          return compute.compute(() -> analyse(bytes));
        });
  }

  private Future<Void> keep(PersonRun person, Candidate candidate, Outcome outcome) {
    if (outcome.reason() != null) {
      person.drop(candidate, outcome.reason(), outcome.detail());
      return Future.succeededFuture();
    }
    String key = "aligned/" + candidate.content().sha256() + ".png";
    return Blobs.putOnce(blobs, key, outcome.png(), "image/png").map(written -> {
      candidate.alignedKey(key);
      candidate.qualityScore(outcome.quality());
      candidate.details().mergeIn(outcome.details()).put("blob", written ? "written" : "existing");
      return null;
    });
  }

  /** Decode, detect, decide, align, score: CPU only, on a pool thread. */
  private Outcome analyse(byte[] bytes) throws Exception {
    BufferedImage picture = Images.decode(bytes);
    if (picture == null) {
      return Outcome.dropped(NO_FACE, "the original could not be decoded");
    }
    List<Face> faces = detector.detect(picture);
    if (faces.isEmpty()) {
      return Outcome.dropped(NO_FACE, "no face scored " + BlazeFace.DETECTION_THRESHOLD + " or more");
    }
    Face face = faces.stream().max((a, b) -> Double.compare(a.area(), b.area())).orElseThrow();
    if (faces.size() > 1) {
      double second = faces.stream().filter(f -> f != face).mapToDouble(Face::area).max().orElse(0) / face.area();
      if (rejectMultiple || second >= secondFaceRatio) {
        return Outcome.dropped(MULTIPLE_FACES, String.format(Locale.ROOT,
            "%d faces, the second %.0f%% of the largest's area (multiple_faces %s%s)", faces.size(), second * 100,
            rejectMultiple ? "reject" : "largest",
            rejectMultiple ? "" : String.format(Locale.ROOT, " keeps one only under %.0f%%", secondFaceRatio * 100)));
      }
    }
    int facePx = (int) Math.round(Math.min(face.width(), face.height()));
    if (facePx < minFacePx) {
      return Outcome.dropped(FACE_TOO_SMALL, "face " + facePx + " px, under min_face_px " + minFacePx);
    }
    if (face.score() < minScore) {
      return Outcome.dropped(LOW_CONFIDENCE, String.format(Locale.ROOT, "score %.3f, under min_score %s",
          face.score(), minScore));
    }
    Face refined = detector.refine(picture, face);
    double[] left = refined.leftEye();
    double[] right = refined.rightEye();
    BufferedImage crop = FaceAlign.align(picture, left, right);
    double sharpness = Images.laplacianVariance(crop);
    double confidencePart = face.score();
    double sizePart = Math.min(1, facePx / 224.0);
    double sharpnessPart = 1 - Math.exp(-sharpness / 300);
    double quality = round(0.5 * confidencePart + 0.25 * sizePart + 0.25 * sharpnessPart);
    JsonObject details = new JsonObject()
        .put("score", round(face.score()))
        .put("faces", faces.size())
        .put("face_px", facePx)
        .put("box", new JsonArray().add(round1(face.x())).add(round1(face.y())).add(round1(face.width()))
            .add(round1(face.height())))
        .put("eyes", new JsonArray().add(new JsonArray().add(round1(left[0])).add(round1(left[1])))
            .add(new JsonArray().add(round1(right[0])).add(round1(right[1]))))
        .put("roll_deg", round1(FaceAlign.rollDegrees(left, right)))
        .put("sharpness", round1(sharpness))
        .put("quality", new JsonObject().put("confidence", round(confidencePart)).put("size", round(sizePart))
            .put("sharpness", round(sharpnessPart)));
    return new Outcome(null, null, Images.png(crop), quality, details);
  }

  private static double round(double value) {
    return Math.round(value * 10_000) / 10_000.0;
  }

  private static double round1(double value) {
    return Math.round(value * 10) / 10.0;
  }
}

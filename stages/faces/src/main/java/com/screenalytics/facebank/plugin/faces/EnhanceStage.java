package com.screenalytics.facebank.plugin.faces;

import com.screenalytics.facebank.stage.api.BlobStore;
import com.screenalytics.facebank.stage.api.Candidate;
import com.screenalytics.facebank.stage.api.ComputePool;
import com.screenalytics.facebank.stage.api.PersonRun;
import com.screenalytics.facebank.stage.api.PersonStage;
import com.screenalytics.facebank.stage.api.StageContext;
import com.screenalytics.facebank.stage.api.StageException;
import io.vertx.core.Future;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Stage 70, {@code enhance} (requires {@code crop}): illumination normalisation of each aligned
 * crop by CLAHE on its luminance ({@link Clahe}; options {@code tiles}, default 8, and
 * {@code clip_limit}, default 2.0), stored as {@code enhanced/<sha256>.png}, its key in the details
 * ({@code "key"}), where {@code embed} finds it. The same crop always gives the same bytes.
 */
public final class EnhanceStage implements PersonStage {

  static final String NAME = "enhance";

  private BlobStore blobs;
  private ComputePool compute;
  private int tiles;
  private double clipLimit;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Future<Void> init(StageContext context) {
    try {
      Options options = new Options(NAME, context.options());
      tiles = options.integer("tiles", 8, 1, 56);
      clipLimit = options.number("clip_limit", 2.0, 1.0, 256);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    blobs = context.blobs();
    compute = context.compute();
    return blobs.check();
  }

  @Override
  public Future<Void> run(PersonRun person) {
    List<Candidate> aligned = person.candidates().stream().filter(c -> c.alignedKey() != null).toList();
    return Future.all(aligned.stream().map(this::enhance).toList()).mapEmpty();
  }

  private Future<Void> enhance(Candidate candidate) {
    String key = "enhanced/" + candidate.content().sha256() + ".png";
    return blobs.get(candidate.alignedKey())
        .recover(e -> Future.failedFuture(new StageException("blob_read_failed",
            "reading the aligned crop " + candidate.alignedKey() + " failed: " + e.getMessage(), null, e)))
        .compose(blob -> {
          if (blob.isEmpty()) {
            return Future.failedFuture(new StageException("blob_missing", "the aligned crop "
                + candidate.alignedKey() + " is not in the blob store"));
          }
          byte[] bytes = blob.get().bytes().getBytes();
          return compute.compute(() -> {
            BufferedImage crop = Images.decode(bytes);
            if (crop == null) {
              throw new StageException("blob_unreadable", "the aligned crop " + candidate.alignedKey()
                  + " is not a PNG");
            }
            return Images.png(Clahe.apply(crop, tiles, clipLimit));
          });
        })
        .compose(png -> Blobs.putOnce(blobs, key, png, "image/png"))
        .map(written -> {
          candidate.details().put("key", key).put("tiles", tiles).put("clip_limit", clipLimit)
              .put("blob", written ? "written" : "existing");
          return null;
        });
  }
}

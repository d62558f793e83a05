package com.screenalytics.facebank.plugin.minsize;

import com.screenalytics.facebank.stage.api.Candidate;
import com.screenalytics.facebank.stage.api.PersonRun;
import com.screenalytics.facebank.stage.api.PersonStage;
import com.screenalytics.facebank.stage.api.StageContext;
import com.screenalytics.facebank.stage.api.StageException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The example stage plugin: keeps only photos at least {@code min_width} × {@code min_height}
 * pixels (as TRR reports them), and notes each kept photo's size in megapixels in its details.
 * What it does with a photo whose size TRR does not report is {@code unknown_size}: {@code keep}
 * it, {@code drop} it, or {@code fail} the person with the code {@code size_unknown}.
 *
 * <p>It shows the three things a person stage can do with the API: annotate a candidate, drop
 * one with a reason, and fail the person with a code of its own.
 */
public final class MinSizeStage implements PersonStage {

  static final String NAME = "min-size";
  static final String TOO_SMALL = "too_small";
  static final String SIZE_UNKNOWN = "size_unknown";
  private static final List<String> UNKNOWN_SIZE = List.of("keep", "drop", "fail");

  private int minWidth;
  private int minHeight;
  private String unknownSize;

  @Override
  public String name() {
    return NAME;
  }

  /** Reads and checks the options once: a wrong option stops the service's start-up. */
  @Override
  public Future<Void> init(StageContext context) {
    JsonObject options = context.options();
    try {
      minWidth = options.getInteger("min_width", 0);
      minHeight = options.getInteger("min_height", 0);
    } catch (ClassCastException e) {
      return Future.failedFuture(new IllegalArgumentException("min_width and min_height must be integers"));
    }
    unknownSize = options.getValue("unknown_size", "keep").toString();
    if (!UNKNOWN_SIZE.contains(unknownSize)) {
      return Future.failedFuture(new IllegalArgumentException("unknown_size must be one of " + UNKNOWN_SIZE));
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> run(PersonRun person) {
    for (Candidate candidate : person.candidates()) {
      Integer width = candidate.width();
      Integer height = candidate.height();
      if (width == null || height == null) {
        if (unknownSize.equals("fail")) {
          return Future.failedFuture(new StageException(SIZE_UNKNOWN, "TRR reports no size for a photo",
              new JsonObject().put("s3_original_key", candidate.s3OriginalKey())));
        }
        if (unknownSize.equals("drop")) {
          person.drop(candidate, SIZE_UNKNOWN, "TRR reports no size");
        }
      } else if (width < minWidth || height < minHeight) {
        person.drop(candidate, TOO_SMALL, width + "x" + height + " is under " + minWidth + "x" + minHeight);
      } else {
        candidate.details().put("megapixels", Math.round(width * (double) height / 10_000) / 100.0);
      }
    }
    return Future.succeededFuture();
  }
}

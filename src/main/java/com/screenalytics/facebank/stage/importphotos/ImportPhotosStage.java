package com.screenalytics.facebank.stage.importphotos;

import com.screenalytics.facebank.contract.ErrorCode;
import com.screenalytics.facebank.contract.FacebankException;
import com.screenalytics.facebank.pipeline.PersonSync;
import com.screenalytics.facebank.pipeline.PhotoCandidate;
import com.screenalytics.facebank.stage.api.PersonRun;
import com.screenalytics.facebank.stage.api.PersonStage;
import com.screenalytics.facebank.trr.Deadline;
import com.screenalytics.facebank.trr.PhotosCallException;
import com.screenalytics.facebank.trr.PhotosClient;
import com.screenalytics.facebank.trr.TrrPhoto;
import com.screenalytics.facebank.trr.TrrPhoto.Row;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/**
 * Stage 30: asks the photos API for the person's seeds; only a successful but empty seed answer
 * leads to the fallback call (seed_only=false). A failed seed call fails the person without a
 * fallback, however many attempts it took (a retry is the same call again, never a fallback).
 * Keeps the backend's order, skips (and reports) rows it cannot use, keeps the first N usable.
 */
public final class ImportPhotosStage implements PersonStage {

  public static final String SEED = "seed";
  public static final String FALLBACK = "fallback";
  public static final String NONE = "none";

  private final Optional<PhotosClient> photos;

  public ImportPhotosStage(Optional<PhotosClient> photos) {
    this.photos = photos;
  }

  @Override
  public String name() {
    return "import-photos";
  }

  @Override
  public Future<Void> run(PersonRun run) {
    PersonSync person = PersonSync.of(run);
    if (photos.isEmpty()) {
      return Future.failedFuture(new FacebankException(ErrorCode.PHOTOS_API_NOT_CONFIGURED,
          ErrorCode.PHOTOS_API_NOT_CONFIGURED.description()));
    }
    PhotosClient client = photos.get();
    int limit = person.sync().maxImagesPerPerson();
    // One deadline for both calls and all their retries: a person ends in bounded time.
    Deadline deadline = client.personDeadline();
    return client.photos(person.personId(), true, limit, deadline)
        .recover(e -> failed(true, e))
        .compose(seeds -> {
          if (!seeds.isEmpty()) {
            keep(person, SEED, seeds, limit);
            return Future.succeededFuture();
          }
          return client.photos(person.personId(), false, limit, deadline)
              .recover(e -> failed(false, e))
              .map(all -> {
                keep(person, all.isEmpty() ? NONE : FALLBACK, all, limit);
                return null;
              });
        });
  }

  /** Keeps the first {@code limit} usable rows in backend order; the skipped ones before them are reported. */
  private static void keep(PersonSync person, String source, List<Row> rows, int limit) {
    person.photoSource(source);
    person.fetched(rows.size());
    int kept = 0;
    for (Row row : rows) {
      if (kept == limit) {
        break;
      }
      if (!row.usable()) {
        person.skipRow(row.index(), row.reason(), row.detail());
        continue;
      }
      TrrPhoto photo = row.photo();
      person.candidates().add(new PhotoCandidate(photo.servedUrl(), photo.mediaAssetId(), photo.sourceUrl(),
          photo.kind(), photo.width(), photo.height()));
      kept++;
    }
  }

  /**
   * The person's error for a failed call: timeouts, 429 and a refused token have codes of their
   * own; anything else is seed_fetch_failed or fallback_fetch_failed. The message names the call.
   */
  private static <T> Future<T> failed(boolean seedCall, Throwable cause) {
    ErrorCode code = seedCall ? ErrorCode.SEED_FETCH_FAILED : ErrorCode.FALLBACK_FETCH_FAILED;
    if (cause instanceof PhotosCallException call) {
      code = switch (call.kind()) {
        case TIMEOUT -> ErrorCode.PHOTOS_TIMEOUT;
        case RATE_LIMITED -> ErrorCode.PHOTOS_RATE_LIMITED;
        case UNAUTHORIZED -> ErrorCode.PHOTOS_UNAUTHORIZED;
        default -> code;
      };
    }
    String which = seedCall ? "seed_only=true call: " : "seed_only=false fallback call: ";
    return Future.failedFuture(new FacebankException(code, which + cause.getMessage(), cause));
  }
}

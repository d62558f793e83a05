package com.screenalytics.facebank.stage.importphotos;

import com.screenalytics.facebank.contract.ErrorCode;
import com.screenalytics.facebank.contract.FacebankException;
import com.screenalytics.facebank.pipeline.PersonStage;
import com.screenalytics.facebank.pipeline.PersonSync;
import com.screenalytics.facebank.pipeline.PhotoCandidate;
import com.screenalytics.facebank.pipeline.StageServices;
import com.screenalytics.facebank.trr.PhotosClient;
import com.screenalytics.facebank.trr.TrrPhoto;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/**
 * Stage 30: asks the photos API for the person's seeds; only a successful but empty seed answer
 * leads to the fallback call (seed_only=false). A failed seed call fails the person without a
 * fallback. Keeps the backend's order, skips rows without a served_url, keeps the first N.
 */
public final class ImportPhotosStage implements PersonStage {

  public static final String SEED = "seed";
  public static final String FALLBACK = "fallback";
  public static final String NONE = "none";

  private Optional<PhotosClient> photos = Optional.empty();

  @Override
  public String name() {
    return "import-photos";
  }

  @Override
  public Future<Void> init(StageServices services) {
    this.photos = services.photos();
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> run(PersonSync person) {
    if (photos.isEmpty()) {
      return Future.failedFuture(new FacebankException(ErrorCode.PHOTOS_API_NOT_CONFIGURED,
          ErrorCode.PHOTOS_API_NOT_CONFIGURED.description()));
    }
    PhotosClient client = photos.get();
    int limit = person.sync().maxImagesPerPerson();
    return client.photos(person.personId(), true, limit)
        .recover(e -> failed(ErrorCode.SEED_FETCH_FAILED, e))
        .compose(seeds -> {
          if (!seeds.isEmpty()) {
            keep(person, SEED, seeds, limit);
            return Future.succeededFuture();
          }
          return client.photos(person.personId(), false, limit)
              .recover(e -> failed(ErrorCode.FALLBACK_FETCH_FAILED, e))
              .map(all -> {
                keep(person, all.isEmpty() ? NONE : FALLBACK, all, limit);
                return null;
              });
        });
  }

  private static void keep(PersonSync person, String source, List<TrrPhoto> rows, int limit) {
    person.photoSource(source);
    person.fetched(rows.size());
    rows.stream()
        .filter(row -> row.servedUrl() != null && !row.servedUrl().isBlank())
        .limit(limit)
        .map(row -> new PhotoCandidate(row.servedUrl().trim(), row.mediaAssetId(), row.sourceUrl(), row.kind(),
            row.width(), row.height()))
        .forEach(person.candidates()::add);
  }

  private static <T> Future<T> failed(ErrorCode code, Throwable cause) {
    return Future.failedFuture(new FacebankException(code, cause.getMessage(), cause));
  }
}

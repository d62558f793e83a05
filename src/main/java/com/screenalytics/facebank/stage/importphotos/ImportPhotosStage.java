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
 * Keeps the backend's order, skips (and reports) rows it cannot use, keeps the first N usable,
 * paging on with {@code offset} (at most PHOTOS_MAX_PAGES pages) when skipped rows leave it short.
 */
public final class ImportPhotosStage implements PersonStage {

  public static final String SEED = "seed";
  public static final String FALLBACK = "fallback";
  public static final String NONE = "none";

  private final Optional<PhotosClient> photos;
  private final int maxPages;

  /** {@code maxPages}: pages of one call (PHOTOS_MAX_PAGES) read at most to fill N usable photos. */
  public ImportPhotosStage(Optional<PhotosClient> photos, int maxPages) {
    this.photos = photos;
    this.maxPages = Math.max(1, maxPages);
  }

  @Override
  public String name() {
    return "import-photos";
  }

  @Override
  public boolean sideEffectFree() {
    return true; // it only reads the photos API
  }

  @Override
  public Future<Void> run(PersonRun run) {
    PersonSync person = PersonSync.of(run);
    if (photos.isEmpty()) {
      return Future.failedFuture(new FacebankException(ErrorCode.PHOTOS_API_NOT_CONFIGURED,
          ErrorCode.PHOTOS_API_NOT_CONFIGURED.description()));
    }
    PhotosClient client = photos.get();
    person.photoSource(NONE); // asked for: "none" until an answer brings photos
    int limit = person.sync().maxImagesPerPerson();
    // One deadline for every call, page and retry: a person ends in bounded time.
    Deadline deadline = client.personDeadline();
    return client.photos(person.personId(), true, limit, deadline)
        .recover(e -> failed(true, e))
        .compose(seeds -> {
          if (!seeds.isEmpty()) {
            return new Pages(client, person, true, SEED, limit, deadline).from(seeds);
          }
          // Only a successful empty FIRST seed page leads to the fallback call.
          return client.photos(person.personId(), false, limit, deadline)
              .recover(e -> failed(false, e))
              .compose(all -> all.isEmpty()
                  ? new Pages(client, person, false, NONE, limit, deadline).from(all)
                  : new Pages(client, person, false, FALLBACK, limit, deadline).from(all));
        });
  }

  /**
   * The pages of one call (seed or fallback): keeps the usable rows of each page in backend order
   * (reporting the skipped ones) until N are kept, a page comes back shorter (or longer) than the
   * limit, or PHOTOS_MAX_PAGES pages were read. The next page is the same call with {@code offset} = the rows
   * seen so far. A page that fails fails the person as the call's first page would.
   */
  private final class Pages {
    private final PhotosClient client;
    private final PersonSync person;
    private final boolean seedOnly;
    private final int limit;
    private final Deadline deadline;
    private int seen;
    private int kept;
    private int pages;

    Pages(PhotosClient client, PersonSync person, boolean seedOnly, String source, int limit, Deadline deadline) {
      this.client = client;
      this.person = person;
      this.seedOnly = seedOnly;
      this.limit = limit;
      this.deadline = deadline;
      person.photoSource(source);
    }

    Future<Void> from(List<Row> page) {
      pages++;
      seen += page.size();
      person.fetched(seen);
      keep(page);
      // A page longer than the limit comes from a backend that ignores limit (and so offset): the
      // next page would be this one again.
      if (kept >= limit || page.size() != limit || pages >= maxPages) {
        return Future.succeededFuture();
      }
      return client.photos(person.personId(), seedOnly, limit, seen, deadline)
          .recover(e -> failed(seedOnly, e))
          .compose(this::from);
    }

    private void keep(List<Row> rows) {
      for (Row row : rows) {
        if (kept == limit) {
          return;
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

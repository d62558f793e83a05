package com.screenalytics.facebank.plugin.mirror;

import com.screenalytics.facebank.stage.api.BlobStore;
import com.screenalytics.facebank.stage.api.Candidate;
import com.screenalytics.facebank.stage.api.ComputePool;
import com.screenalytics.facebank.stage.api.Content;
import com.screenalytics.facebank.stage.api.FaceBankKeys;
import com.screenalytics.facebank.stage.api.FaceBankKeys.StoredContent;
import com.screenalytics.facebank.stage.api.Fetch;
import com.screenalytics.facebank.stage.api.FetchException;
import com.screenalytics.facebank.stage.api.PersonRun;
import com.screenalytics.facebank.stage.api.PersonStage;
import com.screenalytics.facebank.stage.api.StageContext;
import com.screenalytics.facebank.stage.api.StageException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage 50, {@code mirror}: keeps the photo itself. For each candidate of a person it downloads
 * the served URL through the fetch port (the service's outbound policy), sniffs and decodes it and
 * computes its sha256 and perceptual hash on the compute port, and then, in the candidates' order:
 * <ol>
 *   <li>{@code same_content}: the person already has a row with this sha256, or an earlier
 *       candidate of the batch has it (the unique index on (person_id, content_sha256) stays the
 *       final judge, for concurrent syncs);
 *   <li>{@code near_duplicate}: the perceptual hash is at most {@code near_duplicate_bits} (of 64)
 *       from a row the person has or from an earlier candidate kept: a resized, recompressed or
 *       re-hosted copy;
 *   <li>otherwise the photo is kept: its original goes to the blob store under
 *       {@code originals/<sha256>.<ext>} unless a blob is already there, and its {@link Content}
 *       is set on the candidate for the store and the later stages.
 * </ol>
 * A photo that cannot be fetched or used is dropped with its reason (fetch_failed, blocked_host,
 * too_large, not_an_image); a duplicate is never a failure. Only a blob store that fails a write
 * fails the person ({@code blob_write_failed}): a row must never point to a missing original.
 */
public final class MirrorStage implements PersonStage {

  static final String NAME = "mirror";
  static final String SAME_CONTENT = "same_content";
  static final String NEAR_DUPLICATE = "near_duplicate";
  static final String BLOB_WRITE_FAILED = "blob_write_failed";
  static final String DB_READ_FAILED = "db_read_failed";

  private static final Logger LOG = LoggerFactory.getLogger(MirrorStage.class);

  private FaceBankKeys faceBank;
  private BlobStore blobs;
  private Fetch fetch;
  private ComputePool compute;
  private int nearDuplicateBits;
  private long maxPixels;

  /** One candidate after fetching and analysing: its photo and bytes, or why it is dropped. */
  private record Outcome(Candidate candidate, Photo photo, Buffer bytes, String finalUrl, String reason,
                         String detail) {
    static Outcome dropped(Candidate candidate, String reason, String detail) {
      return new Outcome(candidate, null, null, null, reason, detail);
    }
  }

  /** A photo the batch keeps, and its key, for the layers' comparisons. */
  private record Kept(String s3OriginalKey, String sha256, long perceptualHash) {
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Reads the options and checks that the blob store can be written: either failing stops start-up. */
  @Override
  public Future<Void> init(StageContext context) {
    JsonObject options = context.options();
    try {
      nearDuplicateBits = options.getInteger("near_duplicate_bits", 6);
      maxPixels = options.getLong("max_pixels", 50_000_000L);
    } catch (ClassCastException e) {
      return Future.failedFuture(new IllegalArgumentException("near_duplicate_bits and max_pixels must be integers"));
    }
    if (nearDuplicateBits < 0 || nearDuplicateBits > 64) {
      return Future.failedFuture(new IllegalArgumentException("near_duplicate_bits must be 0–64, not "
          + nearDuplicateBits));
    }
    if (maxPixels < 1) {
      return Future.failedFuture(new IllegalArgumentException("max_pixels must be positive"));
    }
    faceBank = context.faceBank();
    blobs = context.blobs();
    fetch = context.fetch();
    compute = context.compute();
    return blobs.check().onSuccess(ok -> LOG.info("mirror keeps originals in {}; near_duplicate_bits {}",
        blobs.describe(), nearDuplicateBits));
  }

  @Override
  public Future<Void> run(PersonRun person) {
    List<Candidate> candidates = person.candidates();
    if (candidates.isEmpty()) {
      return Future.succeededFuture();
    }
    Future<List<StoredContent>> existing = faceBank.contents(person.person().personId())
        .recover(e -> Future.failedFuture(new StageException(DB_READ_FAILED,
            "reading the person's content hashes failed: " + e.getMessage(), null, e)));
    return existing.compose(stored -> {
      List<Future<Outcome>> analysed = candidates.stream().map(this::analyse).toList();
      return Future.all(analysed).compose(all -> decide(person, stored, analysed.stream().map(Future::result).toList()));
    });
  }

  /** Fetches and analyses one candidate; never fails: what goes wrong is a drop reason. */
  private Future<Outcome> analyse(Candidate candidate) {
    return fetch.fetch(candidate.s3OriginalKey())
        .compose(fetched -> compute.compute(() -> Photo.of(fetched.body().getBytes(), maxPixels))
            .map(photo -> new Outcome(candidate, photo, fetched.body(), fetched.finalUrl(), null, null)))
        .recover(e -> {
          if (e instanceof FetchException known) {
            return Future.succeededFuture(Outcome.dropped(candidate, known.reason(), known.getMessage()));
          }
          LOG.warn("Mirroring {} failed unexpectedly: {}", candidate.s3OriginalKey(), e.toString());
          return Future.succeededFuture(Outcome.dropped(candidate, FetchException.FETCH_FAILED,
              "could not be fetched: " + e.getClass().getSimpleName()));
        });
  }

  /** The layers, in the candidates' order; then the blobs of the photos kept. */
  private Future<Void> decide(PersonRun person, List<StoredContent> stored, List<Outcome> outcomes) {
    List<Kept> earlier = new ArrayList<>();
    List<Outcome> keep = new ArrayList<>();
    for (Outcome outcome : outcomes) {
      Candidate candidate = outcome.candidate();
      if (outcome.photo() == null) {
        person.drop(candidate, outcome.reason(), outcome.detail());
        continue;
      }
      Photo photo = outcome.photo();
      String sameAs = sameContent(photo.sha256(), stored, earlier);
      if (sameAs != null) {
        person.duplicate(candidate, SAME_CONTENT, "the same bytes as " + sameAs);
        continue;
      }
      String near = nearDuplicate(photo.perceptualHash(), stored, earlier);
      if (near != null) {
        person.duplicate(candidate, NEAR_DUPLICATE, near);
        continue;
      }
      earlier.add(new Kept(candidate.s3OriginalKey(), photo.sha256(), photo.perceptualHash()));
      keep.add(outcome);
    }
    return Future.all(keep.stream().map(this::keep).toList()).mapEmpty();
  }

  private static String sameContent(String sha256, List<StoredContent> stored, List<Kept> earlier) {
    for (StoredContent row : stored) {
      if (row.sha256().equals(sha256)) {
        return row.s3OriginalKey();
      }
    }
    for (Kept kept : earlier) {
      if (kept.sha256().equals(sha256)) {
        return kept.s3OriginalKey();
      }
    }
    return null;
  }

  /** The closest row or earlier photo within the threshold, described; null when none is. */
  private String nearDuplicate(long hash, List<StoredContent> stored, List<Kept> earlier) {
    int best = Integer.MAX_VALUE;
    String of = null;
    for (StoredContent row : stored) {
      int distance = Content.hammingDistance(hash, row.perceptualHash());
      if (distance < best) {
        best = distance;
        of = row.s3OriginalKey();
      }
    }
    for (Kept kept : earlier) {
      int distance = Content.hammingDistance(hash, kept.perceptualHash());
      if (distance < best) {
        best = distance;
        of = kept.s3OriginalKey();
      }
    }
    return best <= nearDuplicateBits ? "perceptual hash " + best + " of 64 bits from " + of : null;
  }

  private static String withoutQuery(String url) {
    int cut = url.indexOf('?');
    return cut < 0 ? url : url.substring(0, cut);
  }

  /** Writes the original unless its blob exists, then sets the candidate's content. */
  private Future<Void> keep(Outcome outcome) {
    Photo photo = outcome.photo();
    String key = BlobStore.originalKey(photo.sha256(), photo.format().extension);
    return blobs.exists(key)
        .compose(exists -> exists ? Future.succeededFuture(false)
            : blobs.put(key, outcome.bytes(), photo.format().mime).map(true))
        .recover(e -> Future.failedFuture(new StageException(BLOB_WRITE_FAILED,
            "keeping the original " + key + " in the blob store failed: " + e.getMessage(), null, e)))
        .map(written -> {
          Candidate candidate = outcome.candidate();
          candidate.content(new Content(photo.sha256(), photo.perceptualHash(), photo.format().mime,
              outcome.bytes().length(), photo.width(), photo.height(), key));
          JsonObject details = candidate.details().put("blob", written ? "written" : "existing");
          if (!outcome.finalUrl().equals(candidate.s3OriginalKey())) {
            details.put("final_url", withoutQuery(outcome.finalUrl())); // a signed redirect's query stays out
          }
          return null;
        });
  }
}

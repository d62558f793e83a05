package com.screenalytics.facebank.testsupport;

import com.screenalytics.facebank.demo.TrrSchema;
import com.screenalytics.facebank.testsupport.TestDatabases.TestDb;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** The upstream TRR metadata DB (schema {@code core}) built in a {@link TestDb}, with row builders. */
public final class TrrFixture {

  private final TestDb db;
  private final AtomicInteger billingOrder = new AtomicInteger();

  private TrrFixture(TestDb db) {
    this.db = db;
  }

  /** Creates the TRR schema in {@code db} (which should be empty). */
  public static TrrFixture create(TestDb db) {
    db.execute(TrrSchema.sql());
    return new TrrFixture(db);
  }

  public TestDb db() {
    return db;
  }

  public UUID show(String name) {
    return id("INSERT INTO core.shows (name) VALUES (?) RETURNING id", name);
  }

  /** {@code imdbIdOrNull} is stored as {"imdb": value} exactly as given; null stores {}. */
  public UUID person(String fullName, String imdbIdOrNull) {
    String externalIds = imdbIdOrNull == null
        ? "{}"
        : new JsonObject().put("imdb", imdbIdOrNull).encode();
    return id("INSERT INTO core.people (full_name, external_ids) VALUES (?, ?::jsonb) RETURNING id",
        fullName, externalIds);
  }

  /** A credit with the next billing_order (1, 2, 3, ... per fixture). */
  public UUID credit(UUID show, UUID person, String creditCategory) {
    return id("INSERT INTO core.credits (show_id, person_id, credit_category, billing_order)"
            + " VALUES (?, ?, ?, ?) RETURNING id",
        show, person, creditCategory, billingOrder.incrementAndGet());
  }

  /** A person without an IMDb id, credited Self on the show: the usual cast member. */
  public UUID selfCredited(UUID show, String fullName) {
    UUID person = person(fullName, null);
    credit(show, person, "Self");
    return person;
  }

  /** Inserts a media asset and its person gallery link; returns the media_asset_id. */
  public UUID photo(UUID person, PhotoSpec spec) {
    return id("""
        WITH asset AS (
          INSERT INTO core.media_assets (source, source_url, hosted_key, hosted_url, width, height)
          VALUES ('fixture', ?, ?, ?, ?, ?)
          RETURNING id)
        INSERT INTO core.media_links
          (entity_type, entity_id, media_asset_id, kind, position, is_primary, facebank_seed)
        SELECT 'person', ?, asset.id, ?, ?, ?, ? FROM asset
        RETURNING media_asset_id""",
        spec.sourceUrl(), hostedKey(spec.hostedUrl()), spec.hostedUrl(), spec.width(), spec.height(),
        person, spec.kind(), spec.position(), spec.primary(), spec.seed());
  }

  /** A mirrored photo flagged as a facebank seed. */
  public UUID seedPhoto(UUID person, String url, int position) {
    return photo(person, PhotoSpec.hosted(url).withSeed(true).withPosition(position));
  }

  /** A mirrored photo that is not a seed. */
  public UUID galleryPhoto(UUID person, String url, int position) {
    return photo(person, PhotoSpec.hosted(url).withPosition(position));
  }

  /**
   * What one photo looks like. served_url is COALESCE(hostedUrl, sourceUrl); hosted_key is the
   * path of hostedUrl. Start from {@link #hosted}, {@link #sourceOnly} or {@link #of} and chain
   * the {@code with*} methods.
   */
  public record PhotoSpec(String hostedUrl, String sourceUrl, boolean seed, Integer position,
                          boolean primary, String kind, Integer width, Integer height) {

    public static PhotoSpec of() {
      return new PhotoSpec(null, null, false, null, false, "gallery", null, null);
    }

    public static PhotoSpec hosted(String hostedUrl) {
      return of().withHostedUrl(hostedUrl);
    }

    /** Not mirrored: only a source URL (served_url falls back to it). */
    public static PhotoSpec sourceOnly(String sourceUrl) {
      return of().withSourceUrl(sourceUrl);
    }

    public PhotoSpec withHostedUrl(String v) {
      return new PhotoSpec(v, sourceUrl, seed, position, primary, kind, width, height);
    }

    public PhotoSpec withSourceUrl(String v) {
      return new PhotoSpec(hostedUrl, v, seed, position, primary, kind, width, height);
    }

    public PhotoSpec withSeed(boolean v) {
      return new PhotoSpec(hostedUrl, sourceUrl, v, position, primary, kind, width, height);
    }

    public PhotoSpec withPosition(Integer v) {
      return new PhotoSpec(hostedUrl, sourceUrl, seed, v, primary, kind, width, height);
    }

    public PhotoSpec withPrimary(boolean v) {
      return new PhotoSpec(hostedUrl, sourceUrl, seed, position, v, kind, width, height);
    }

    public PhotoSpec withKind(String v) {
      return new PhotoSpec(hostedUrl, sourceUrl, seed, position, primary, v, width, height);
    }

    public PhotoSpec withSize(Integer w, Integer h) {
      return new PhotoSpec(hostedUrl, sourceUrl, seed, position, primary, kind, w, h);
    }
  }

  private UUID id(String sql, Object... params) {
    return (UUID) db.query(sql, params).get(0).values().iterator().next();
  }

  private static String hostedKey(String hostedUrl) {
    if (hostedUrl == null) {
      return null;
    }
    // Lenient on purpose: fixtures may use URLs that java.net.URI rejects.
    String key = hostedUrl.replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://[^/]*/?", "").replaceFirst("[?#].*$", "");
    return key.isEmpty() ? null : key;
  }
}

package com.screenalytics.facebank.bench;

import com.screenalytics.facebank.testsupport.TrrFixture;
import java.util.UUID;

/**
 * Synthetic TRR shows, written set-wise. {@link #build}: N people, person g (1…N) photo-less when
 * g % 10 is 0; unseeded with 10 gallery photos when g % 10 is 1–3; otherwise seeded with 1–3 seeds
 * (g % 3 + 1) among 2 more gallery photos. So 10% photo-less, 30% unseeded (two photos calls each,
 * like the photo-less), 60% seeded (one call). {@link #seeded}: every person with the same number
 * of seed photos, on a local image server.
 */
final class Catalogue {

  private Catalogue() {
  }

  static UUID build(TrrFixture trr, String name, int people) {
    UUID show = cast(trr, name, people);
    trr.db().execute("""
        WITH people AS (
          SELECT c.person_id, c.billing_order AS g FROM core.credits c WHERE c.show_id = '%1$s'),
        photos AS (
          SELECT person_id, n, (g %% 10 >= 4 AND n <= g %% 3 + 1) AS seed,
                 'media/' || person_id || '/' || n || '.jpg' AS hosted_key
          FROM people, generate_series(1, 10) n
          WHERE g %% 10 <> 0 AND (g %% 10 <= 3 OR n <= g %% 3 + 3)),
        assets AS (
          INSERT INTO core.media_assets (source, hosted_key, hosted_url, width, height)
          SELECT 'bench', hosted_key, 'https://cdn.example/' || hosted_key, 1200, 1600 FROM photos
          RETURNING id, hosted_key)
        INSERT INTO core.media_links (entity_type, entity_id, media_asset_id, kind, position, is_primary, facebank_seed)
        SELECT 'person', ph.person_id, a.id, 'gallery', ph.n, ph.n = 1, ph.seed
        FROM photos ph JOIN assets a USING (hosted_key)""".formatted(show));
    return show;
  }

  /**
   * A show of {@code people} people, each with {@code seeds} seed photos served from
   * {@code imageBase}: {@code /img/<g>/<n>.<extension>}, {@code width}×{@code height} (the mirror
   * and face benchmarks, whose image servers answer those paths).
   */
  static UUID seeded(TrrFixture trr, String name, int people, int seeds, String imageBase, String extension,
                     int width, int height) {
    UUID show = cast(trr, name, people);
    trr.db().execute("""
        WITH photos AS (
          SELECT c.person_id, n, '%2$s/img/' || c.billing_order || '/' || n || '.%4$s' AS url
          FROM core.credits c, generate_series(1, %3$d) n WHERE c.show_id = '%1$s'),
        assets AS (
          INSERT INTO core.media_assets (source, hosted_key, hosted_url, width, height)
          SELECT 'bench', substring(url FROM '/img/.*$'), url, %5$d, %6$d FROM photos
          RETURNING id, hosted_url)
        INSERT INTO core.media_links (entity_type, entity_id, media_asset_id, kind, position, is_primary, facebank_seed)
        SELECT 'person', ph.person_id, a.id, 'gallery', ph.n, ph.n = 1, true
        FROM photos ph JOIN assets a ON a.hosted_url = ph.url""".formatted(show, imageBase, seeds, extension, width,
        height));
    return show;
  }

  /** The TRR show and its people, person g (1…N) Self-credited with billing order g. */
  private static UUID cast(TrrFixture trr, String name, int people) {
    UUID show = trr.show(name);
    trr.db().execute("""
        WITH p AS (
          INSERT INTO core.people (full_name, external_ids)
          SELECT '%1$s person ' || g, '{}'::jsonb FROM generate_series(1, %2$d) g
          RETURNING id, full_name)
        INSERT INTO core.credits (show_id, person_id, credit_category, billing_order)
        SELECT '%3$s', p.id, 'Self', substring(p.full_name FROM '\\d+$')::int FROM p""".formatted(name, people, show));
    return show;
  }
}

package com.screenalytics.facebank.db;

/**
 * Every SQL statement on our own database, in one place (TRR's are in {@code trr/TrrSql}). The
 * schema itself lives in the Flyway migrations under src/main/resources/db/migration.
 */
public final class Sql {

  private Sql() {
  }

  // ---- show ---------------------------------------------------------------------------------

  static final String SHOW_COLUMNS = "show_id, title, trr_show_id, created_at, updated_at";

  /** $4 = whether trr_show_id was given; an absent trr_show_id keeps the stored link on update. */
  static final String SHOW_UPSERT = """
      INSERT INTO show (show_id, title, trr_show_id) VALUES ($1, $2, $3)
      ON CONFLICT (show_id) DO UPDATE SET
          title = EXCLUDED.title,
          trr_show_id = CASE WHEN $4 THEN EXCLUDED.trr_show_id ELSE show.trr_show_id END,
          updated_at = now()
      RETURNING %s, (xmax = 0) AS created""".formatted(SHOW_COLUMNS);

  static final String SHOW_GET = "SELECT " + SHOW_COLUMNS + " FROM show WHERE show_id = $1";

  static final String SHOW_LIST = "SELECT " + SHOW_COLUMNS + " FROM show ORDER BY show_id";

  // ---- cast_member --------------------------------------------------------------------------

  static final String CAST_COLUMNS = "cast_id, show_id, name, full_name, role, status, aliases, imdb_id, "
      + "trr_person_id, person_id, created_at, updated_at";

  static final String CAST_LIST = "SELECT " + CAST_COLUMNS
      + " FROM cast_member WHERE show_id = $1 ORDER BY created_at, cast_id";

  static final String CAST_INSERT = """
      INSERT INTO cast_member (show_id, name, full_name, role, status, aliases, imdb_id)
      VALUES ($1, $2, $3, $4, $5, $6, $7)
      RETURNING %s""".formatted(CAST_COLUMNS);

  // ---- person -------------------------------------------------------------------------------

  static final String PERSON_GET =
      "SELECT person_id, canonical_name, display_name, aliases, created_at FROM person WHERE person_id = $1";

  // ---- face_bank_images ---------------------------------------------------------------------

  /**
   * Everything a sync writes for one person, as ONE statement (so one round trip and one
   * transaction: a failure anywhere leaves nothing of the person):
   * <ul>
   *   <li>the person row ($1 person_id, $2 TRR full name), never overwriting one;
   *   <li>when $6, the cast member created under cast_id $3 in show $4 (IMDb id $5) — a member
   *       already created for this TRR person is kept; otherwise member $3 linked to the person;
   *   <li>the images, appended in order: ON CONFLICT without a target covers every unique index
   *       (key, media asset, content sha256) and a key repeated inside the batch, so rows are
   *       never updated.
   * </ul>
   * Answers the member's cast_id and the s3_original_key of every image actually inserted.
   */
  static final String PERSON_WRITE = """
      WITH person AS (
          INSERT INTO person (person_id, canonical_name, display_name) VALUES ($1, $2, $2)
          ON CONFLICT (person_id) DO NOTHING),
      created AS (
          INSERT INTO cast_member (cast_id, show_id, name, full_name, role, status, imdb_id, trr_person_id, person_id,
                                   run_id)
          SELECT $3, $4, $2, $2, 'other', 'active', $5, $1, $1, $8 WHERE $6
          ON CONFLICT (show_id, trr_person_id) DO UPDATE SET updated_at = now(), run_id = EXCLUDED.run_id
          RETURNING cast_id),
      linked AS (
          UPDATE cast_member SET trr_person_id = $1, person_id = $1, updated_at = now(), run_id = $8
          WHERE cast_id = $3 AND NOT $6
          RETURNING cast_id),
      images AS (
          INSERT INTO face_bank_images (person_id, media_asset_id, s3_original_key, s3_aligned_key,
              s3_embedding_key, quality_score, is_seed, approved, source_url, photo_source, kind, width, height, run_id,
              stage_details, content_sha256, perceptual_hash, mime, bytes, mirror_key)
          SELECT $1, t.media_asset_id, t.s3_original_key, t.s3_aligned_key, t.s3_embedding_key, t.quality_score,
              true, false, t.source_url, $7, t.kind, t.width, t.height, $8, t.stage_details::jsonb,
              t.content_sha256, t.perceptual_hash, t.mime, t.bytes, t.mirror_key
          FROM unnest($9::uuid[], $10::text[], $11::text[], $12::text[], $13::float8[], $14::text[], $15::text[],
                      $16::int[], $17::int[], $18::text[], $19::text[], $20::int8[], $21::text[], $22::int8[],
                      $23::text[])
              WITH ORDINALITY AS t(media_asset_id, s3_original_key, s3_aligned_key, s3_embedding_key,
                                   quality_score, source_url, kind, width, height, stage_details,
                                   content_sha256, perceptual_hash, mime, bytes, mirror_key, ord)
          ORDER BY t.ord
          ON CONFLICT DO NOTHING
          RETURNING s3_original_key)
      SELECT COALESCE((SELECT cast_id FROM created), (SELECT cast_id FROM linked), $3) AS cast_id,
             ARRAY(SELECT s3_original_key FROM images) AS inserted""";

  static final String FACEBANK_KEYS = "SELECT s3_original_key, media_asset_id FROM face_bank_images WHERE person_id = $1";

  /** The keys of every person of $1 (a run's people) in one query: dedupe's look-ups, read at once. */
  static final String FACEBANK_KEYS_OF_PEOPLE =
      "SELECT person_id, s3_original_key, media_asset_id FROM face_bank_images WHERE person_id = ANY($1)";

  /** The content hashes of person $1's rows that have them (written with mirror on), oldest first. */
  static final String FACEBANK_CONTENTS = """
      SELECT s3_original_key, content_sha256, perceptual_hash FROM face_bank_images
      WHERE person_id = $1 AND content_sha256 IS NOT NULL AND perceptual_hash IS NOT NULL
      ORDER BY created_at, image_id""";

  /** The embedding keys of person $1's rows that have one (written with embed on), oldest first. */
  static final String FACEBANK_EMBEDDINGS = """
      SELECT s3_original_key, s3_embedding_key FROM face_bank_images
      WHERE person_id = $1 AND s3_embedding_key IS NOT NULL
      ORDER BY created_at, image_id""";

  static final String FACEBANK_IMAGE_COLUMNS = """
      image_id, person_id, media_asset_id, s3_original_key, s3_aligned_key, s3_embedding_key,
      quality_score, is_seed, approved, approved_at, approved_by, rejected, rejected_at, rejected_by, created_at,
      source_url, photo_source, kind, width, height, run_id, stage_details,
      content_sha256, perceptual_hash, mime, bytes, mirror_key""";

  static final String FACEBANK_LIST = "SELECT " + FACEBANK_IMAGE_COLUMNS
      + " FROM face_bank_images WHERE person_id = $1 ORDER BY created_at, image_id";

  /**
   * An operator's review of row $2 of person $1 by $3: approved and rejected exclude each other;
   * repeating the same review keeps its first time and operator.
   */
  static final String FACEBANK_APPROVE = """
      UPDATE face_bank_images SET
          approved_at = CASE WHEN approved THEN approved_at ELSE now() END,
          approved_by = CASE WHEN approved THEN approved_by ELSE $3 END,
          approved = true, rejected = false, rejected_at = NULL, rejected_by = NULL
      WHERE person_id = $1 AND image_id = $2
      RETURNING %s""".formatted(FACEBANK_IMAGE_COLUMNS);

  static final String FACEBANK_REJECT = """
      UPDATE face_bank_images SET
          rejected_at = CASE WHEN rejected THEN rejected_at ELSE now() END,
          rejected_by = CASE WHEN rejected THEN rejected_by ELSE $3 END,
          rejected = true, approved = false, approved_at = NULL, approved_by = NULL
      WHERE person_id = $1 AND image_id = $2
      RETURNING %s""".formatted(FACEBANK_IMAGE_COLUMNS);

  // ---- sync_run -----------------------------------------------------------------------------

  static final String RUN_SUMMARY_COLUMNS = "run_id, show_id, trr_show_id, trigger, status, max_images_per_person, "
      + "stages, started_at, finished_at, counts, error, idempotency_key, cancel_requested, triggered_by, "
      + "dry_run, retry_of, trr_person_ids";

  static final String RUN_COLUMNS = RUN_SUMMARY_COLUMNS + ", people, trr_cast, changes";

  /**
   * What a run left by a dead process is marked with (alias {@code s}: its sync_run row): status
   * interrupted, and counts and people rebuilt from the rows that carry its run_id — the images it
   * committed, and the cast members it created or linked (each person whose transaction committed).
   * A member created after the run started was created by it. The view merges these people with
   * those its saved events describe in full.
   */
  static final String RUN_INTERRUPTED_SET = """
      status = 'interrupted', finished_at = now(),
      counts = jsonb_build_object(
          'imported_facebank_images', (SELECT count(*) FROM face_bank_images f WHERE f.run_id = s.run_id),
          'imported_facebank_people', (SELECT count(DISTINCT f.person_id) FROM face_bank_images f
                                       WHERE f.run_id = s.run_id)),
      people = COALESCE((
          SELECT jsonb_agg(jsonb_build_object(
                     'trr_person_id', c.trr_person_id, 'person_id', c.person_id, 'cast_id', c.cast_id,
                     'name', c.name, 'imdb_id', c.imdb_id,
                     'match', CASE WHEN c.created_at >= s.started_at THEN 'created' END,
                     'imported_images', (SELECT count(*) FROM face_bank_images f
                                         WHERE f.run_id = s.run_id AND f.person_id = c.person_id),
                     'status', 'ok', 'error', NULL, 'rebuilt_from_rows', true) ORDER BY c.name, c.cast_id)
          FROM cast_member c WHERE c.run_id = s.run_id AND c.show_id = s.show_id), '[]'::jsonb)""";

  /**
   * Claims a show for a run in one statement: a session-level advisory lock per show (single-flight
   * across every process sharing the database, released by PostgreSQL if the holder's connection
   * dies) and, only when it is won, marks rows still 'running' (left by a dead process) as
   * interrupted and records the new run. One statement, so a refused caller never sees the lock
   * taken without the run that holds it.
   */
  static final String RUN_CLAIM = """
      WITH lock AS (SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked),
      stale AS (
          UPDATE sync_run s SET %s
          WHERE s.show_id = $2 AND s.status = 'running' AND (SELECT locked FROM lock)
          RETURNING s.run_id),
      run AS (
          INSERT INTO sync_run (run_id, show_id, trr_show_id, trigger, status, max_images_per_person, stages,
                               idempotency_key, triggered_by, dry_run, retry_of, trr_person_ids, node)
          SELECT $3, $2, $4, $5, 'running', $6, $7, $8, $9, $10, $11, $12, $13 FROM lock WHERE locked
          RETURNING run_id)
      SELECT (SELECT locked FROM lock) AS locked, (SELECT count(*) FROM stale) AS interrupted"""
      .formatted(RUN_INTERRUPTED_SET);

  /**
   * At start-up: every run still 'running' whose show lock nobody holds was left by a process that
   * died, and is marked interrupted. The locks taken to find out go with the connection.
   */
  static final String RUN_INTERRUPT_ABANDONED = """
      WITH running AS MATERIALIZED (SELECT run_id, show_id FROM sync_run WHERE status = 'running')
      UPDATE sync_run s SET %s
      FROM running r
      WHERE s.run_id = r.run_id AND pg_try_advisory_lock($1, hashtext(r.show_id))
      RETURNING s.run_id, s.show_id""".formatted(RUN_INTERRUPTED_SET);

  /** Saves events $2/$3 (seq, JSON text) of run $1, at most once each. */
  private static final String RUN_EVENTS_SAVE = """
      INSERT INTO sync_run_event (run_id, seq, event)
      SELECT $1, t.seq, t.event::jsonb FROM unnest($2::int[], $3::text[]) AS t(seq, event)
      ON CONFLICT (run_id, seq) DO NOTHING""";

  /** A running run's periodic save: its new events, and whether anyone asked it to stop. */
  static final String RUN_CHECKPOINT = """
      WITH saved AS (%s)
      SELECT cancel_requested FROM sync_run WHERE run_id = $1""".formatted(RUN_EVENTS_SAVE);

  /**
   * The end of a run: its last events and its outcome, in one statement; $9 the TRR cast as the
   * run resolved it (null when it never got that far), $10 its changes against the previous run.
   */
  static final String RUN_FINISH = """
      WITH saved AS (%s)
      UPDATE sync_run SET status = $4, finished_at = $8, counts = $5, people = $6, error = $7, trr_cast = $9,
          changes = $10
      WHERE run_id = $1""".formatted(RUN_EVENTS_SAVE);

  /**
   * What a run of show $1 compares against: the newest run started before run $2 that finished,
   * is not a dry run, and recorded its cast (a run that failed before resolve has none).
   */
  static final String RUN_PREVIOUS_CAST = """
      SELECT run_id, trr_cast FROM sync_run
      WHERE show_id = $1 AND run_id <> $2 AND NOT dry_run AND trr_cast IS NOT NULL
        AND status NOT IN ('running', 'interrupted')
        AND started_at <= (SELECT started_at FROM sync_run WHERE run_id = $2)
      ORDER BY started_at DESC, run_id DESC LIMIT 1""";

  /** Takes show $2's run lock again on a fresh connection, after the one holding it died. */
  static final String RUN_LOCK_RETAKE = "SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked";

  static final String RUN_GET = "SELECT " + RUN_COLUMNS + " FROM sync_run WHERE run_id = $1";

  static final String RUN_RUNNING_NODE = "SELECT node FROM sync_run WHERE run_id = $1 AND status = 'running'";

  static final String RUN_RUNNING_FOR_SHOW = """
      SELECT run_id FROM sync_run WHERE show_id = $1 AND status = 'running'
      ORDER BY started_at DESC LIMIT 1""";

  /** The newest run of show $1 triggered with Idempotency-Key $2 in the last 24 hours. */
  static final String RUN_BY_IDEMPOTENCY_KEY = """
      SELECT %s FROM sync_run
      WHERE show_id = $1 AND idempotency_key = $2 AND started_at > now() - interval '24 hours'
      ORDER BY started_at DESC LIMIT 1""".formatted(RUN_COLUMNS);

  /** A show's runs, newest first, started before run $2 (when given); at most $3. */
  static final String RUN_HISTORY = """
      SELECT %s FROM sync_run
      WHERE show_id = $1
        AND ($2::uuid IS NULL OR (started_at, run_id) < (SELECT started_at, run_id FROM sync_run WHERE run_id = $2))
      ORDER BY started_at DESC, run_id DESC
      LIMIT $3""".formatted(RUN_SUMMARY_COLUMNS);

  static final String RUN_EVENTS_AFTER = "SELECT event FROM sync_run_event WHERE run_id = $1 AND seq > $2 ORDER BY seq";

  /**
   * Asks a running run to stop; answers the run's status and whether the request was recorded
   * (no row: no such run).
   */
  static final String RUN_REQUEST_CANCEL = """
      WITH requested AS (
          UPDATE sync_run SET cancel_requested = true WHERE run_id = $1 AND status = 'running' RETURNING run_id)
      SELECT show_id, status, EXISTS (SELECT 1 FROM requested) AS requested FROM sync_run WHERE run_id = $1""";

  // ---- operator, console_sign_in_link (the console) -----------------------------------------

  /** Creates operator $1 with password hash $2, or replaces the hash (and so ends their sessions). */
  static final String OPERATOR_UPSERT = """
      INSERT INTO operator (name, password_hash) VALUES ($1, $2)
      ON CONFLICT (name) DO UPDATE SET password_hash = EXCLUDED.password_hash, password_changed_at = clock_timestamp()
      RETURNING name, created_at, password_changed_at, (xmax = 0) AS created""";

  static final String OPERATOR_DELETE = "DELETE FROM operator WHERE name = $1 RETURNING name";

  static final String OPERATOR_NAMES = "SELECT name FROM operator ORDER BY name";

  /** What a session's operator is checked against on every request: gone, or a newer password, ends it. */
  static final String OPERATOR_CREDENTIAL = "SELECT password_changed_at FROM operator WHERE name = $1";

  /**
   * SqlAuthentication's query: the hash of operator $1, or (for a name that does not exist) the
   * hash of a random password nobody knows, so both cases cost one PBKDF2 verification.
   */
  public static String operatorAuthentication(String decoyHash) {
    return "SELECT COALESCE((SELECT password_hash FROM operator WHERE name = $1), '"
        + decoyHash.replace("'", "''") + "')";
  }

  /** A link (token hash $1) for operator $2 valid $3 seconds; no row when there is no such operator. */
  static final String SIGN_IN_LINK_INSERT = """
      WITH purged AS (DELETE FROM console_sign_in_link WHERE expires_at < now() - interval '1 day')
      INSERT INTO console_sign_in_link (token_sha256, operator, expires_at)
      SELECT $1, name, now() + make_interval(secs => $3) FROM operator WHERE name = $2
      RETURNING operator, expires_at""";

  /** Uses link $1 once, if it is still valid: answers its operator and their credential. */
  static final String SIGN_IN_LINK_USE = """
      UPDATE console_sign_in_link l SET used_at = now()
      FROM operator o
      WHERE l.token_sha256 = $1 AND l.used_at IS NULL AND l.expires_at > now() AND o.name = l.operator
      RETURNING l.operator, o.password_changed_at""";

  public static final String PING = "SELECT 1";
}

package com.screenalytics.facebank.db;

/**
 * The SQL of the cluster and of batches (issue 15), beside {@link Sql}: kept apart so the two
 * files change independently.
 */
final class ClusterSql {

  private ClusterSql() {
  }

  // ---- runs of nodes that left the cluster ---------------------------------------------------

  /**
   * Every run still 'running' on a node not among $2 (the nodes the cluster holds) whose show lock
   * is free (its process is gone, so PostgreSQL dropped its session) is marked interrupted, counts
   * and people rebuilt from its rows. The locks taken to find out go with the connection.
   */
  static final String SWEEP_ORPHANS = """
      WITH orphans AS MATERIALIZED (
          SELECT run_id, show_id FROM sync_run
          WHERE status = 'running' AND node IS NOT NULL AND NOT (node = ANY($2::text[])))
      UPDATE sync_run s SET %s
      FROM orphans r
      WHERE s.run_id = r.run_id AND pg_try_advisory_lock($1, hashtext(r.show_id))
      RETURNING s.run_id, s.show_id, s.node""".formatted(Sql.RUN_INTERRUPTED_SET);

  /** Runs of departed nodes still 'running' (their lock not yet free): swept again shortly. */
  static final String ORPHANS_LEFT = """
      SELECT count(*) AS left FROM sync_run
      WHERE status = 'running' AND node IS NOT NULL AND NOT (node = ANY($1::text[]))""";

  /** Batch shows a departed node had taken go back to the queue (their run is interrupted). */
  static final String REQUEUE_ORPHANED_SHOWS = """
      UPDATE sync_batch_show SET state = 'queued', node = NULL, run_id = NULL, started_at = NULL
      WHERE state = 'running' AND NOT (node = ANY($1::text[]))
      RETURNING batch_id, show_id, node""";

  // ---- batches ------------------------------------------------------------------------------

  /** Advisory-lock namespace of the batch workers' liveness locks ("FBBW"). */
  static final int WORKER_LOCK_NAMESPACE = 0x46424257;

  /** An unclustered worker holds this session lock on its own name for as long as it lives. */
  static final String WORKER_ALIVE = "SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked";

  /**
   * Batch shows taken by unclustered workers that are gone (their liveness lock is free: PostgreSQL
   * dropped it with their session) go back to the queue. The transaction-level try-lock is only a
   * probe, released at once.
   */
  static final String REQUEUE_DEAD_LOCAL_SHOWS = """
      UPDATE sync_batch_show SET state = 'queued', node = NULL, run_id = NULL, started_at = NULL
      WHERE state = 'running' AND node LIKE 'local:%' AND node <> $2 AND pg_try_advisory_xact_lock($1, hashtext(node))
      RETURNING batch_id, show_id, node""";

  static final String LINKED_SHOWS = "SELECT show_id FROM show WHERE trr_show_id IS NOT NULL ORDER BY show_id";

  static final String SHOWS_NAMED = "SELECT show_id, trr_show_id FROM show WHERE show_id = ANY($1::text[])";

  /** A batch and its queue ($5: the show ids, in order), in one statement. */
  static final String BATCH_CREATE = """
      WITH batch AS (
          INSERT INTO sync_batch (batch_id, status, max_images_per_person, trigger, triggered_by)
          VALUES ($1, 'running', $2, $3, $4) RETURNING batch_id)
      INSERT INTO sync_batch_show (batch_id, position, show_id)
      SELECT (SELECT batch_id FROM batch), t.position, t.show_id
      FROM unnest($5::text[]) WITH ORDINALITY AS t(show_id, position)""";

  /**
   * Hands node $1 the next queued show (oldest batch first, in the batch's order): SKIP LOCKED, so
   * two nodes asking at once take two different shows and never wait on each other.
   */
  static final String BATCH_TAKE = """
      WITH next AS (
          SELECT q.batch_id, q.show_id FROM sync_batch_show q JOIN sync_batch b ON b.batch_id = q.batch_id
          WHERE q.state = 'queued'
          ORDER BY b.started_at, q.position
          LIMIT 1
          FOR UPDATE OF q SKIP LOCKED)
      UPDATE sync_batch_show q SET state = 'running', node = $1, started_at = clock_timestamp()
      FROM next, sync_batch b
      WHERE q.batch_id = next.batch_id AND q.show_id = next.show_id AND b.batch_id = q.batch_id
      RETURNING q.batch_id, q.show_id, b.max_images_per_person, b.triggered_by""";

  /** A show of a batch has ended: its run, status, error and counts (only if node $7 still holds it). */
  static final String BATCH_SHOW_DONE = """
      UPDATE sync_batch_show SET state = 'done', run_id = $3, status = $4, error = $5, counts = $6,
          finished_at = clock_timestamp()
      WHERE batch_id = $1 AND show_id = $2 AND state = 'running' AND node = $7""";

  /**
   * Ends batch $1 once every show is done, once (whoever sees it first): ok when every show is ok,
   * partial when every show is ok, partial or already running elsewhere, else error.
   */
  static final String BATCH_FINISH = """
      UPDATE sync_batch b SET finished_at = clock_timestamp(), status = (
          SELECT CASE WHEN bool_and(q.status = 'ok') THEN 'ok'
                      WHEN bool_and(q.status IN ('ok', 'partial', 'already_running')) THEN 'partial'
                      ELSE 'error' END
          FROM sync_batch_show q WHERE q.batch_id = b.batch_id)
      WHERE b.batch_id = $1 AND b.status = 'running'
        AND NOT EXISTS (SELECT 1 FROM sync_batch_show q WHERE q.batch_id = $1 AND q.state <> 'done')
      RETURNING b.status""";

  static final String BATCH_COLUMNS =
      "batch_id, status, max_images_per_person, trigger, triggered_by, started_at, finished_at";

  static final String BATCH_GET = "SELECT " + BATCH_COLUMNS + " FROM sync_batch WHERE batch_id = $1";

  static final String BATCH_SHOWS = """
      SELECT show_id, position, state, node, run_id, status, error, counts, started_at, finished_at
      FROM sync_batch_show WHERE batch_id = $1 ORDER BY position""";

  /** Newest first, with each batch's show counts by state. */
  static final String BATCH_LIST = """
      SELECT %s,
          (SELECT count(*) FROM sync_batch_show q WHERE q.batch_id = b.batch_id) AS shows,
          (SELECT count(*) FROM sync_batch_show q WHERE q.batch_id = b.batch_id AND q.state = 'done') AS done
      FROM sync_batch b ORDER BY started_at DESC, batch_id DESC LIMIT $1""".formatted(BATCH_COLUMNS);
}

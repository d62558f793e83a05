-- Issue 16: runs an operator can reason about. A dry run is kept in history like any run, marked;
-- a run limited to some TRR people (trr_person_ids, or a retry of the people another run failed)
-- says which, and a retry names the run it retries. trr_cast is the whole TRR cast as this run
-- resolved it ([{trr_person_id, name, match, cast_id, status}]), what "changes" between two runs
-- are computed from; changes is this run's own, against the show's previous finished real run.
ALTER TABLE sync_run
    ADD COLUMN dry_run        boolean NOT NULL DEFAULT false,
    ADD COLUMN retry_of       uuid,
    ADD COLUMN trr_person_ids uuid[],
    ADD COLUMN trr_cast       jsonb,
    ADD COLUMN changes        jsonb;

-- The previous finished real run of a show with a cast to compare against: newest first.
CREATE INDEX sync_run_show_comparable
    ON sync_run (show_id, started_at DESC) WHERE NOT dry_run AND trr_cast IS NOT NULL;

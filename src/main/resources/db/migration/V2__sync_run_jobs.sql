-- Sync runs as jobs: an idempotency key per trigger, a cancel request any process can see, and
-- the run's progress events, kept so a late subscriber (or another process) can replay them.

ALTER TABLE sync_run
    ADD COLUMN idempotency_key  text,
    ADD COLUMN cancel_requested boolean NOT NULL DEFAULT false;

-- Idempotency-Key lookups: the newest run of a show carrying a key.
CREATE INDEX sync_run_show_idempotency_key
    ON sync_run (show_id, idempotency_key, started_at DESC) WHERE idempotency_key IS NOT NULL;

-- One row per published event, in the run's sequence; "event" is the event as published.
CREATE TABLE sync_run_event (
    run_id uuid    NOT NULL REFERENCES sync_run(run_id) ON DELETE CASCADE,
    seq    integer NOT NULL,
    event  jsonb   NOT NULL,
    PRIMARY KEY (run_id, seq)
);

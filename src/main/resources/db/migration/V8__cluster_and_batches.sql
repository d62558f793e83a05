-- Issue 15: many nodes, one service.

-- The node running a run (CLUSTER_HOST:CLUSTER_PORT); NULL when clustering is off. Lets any node
-- route a question about a running run to the node that runs it, and lets the cluster mark the
-- runs of a node that left as interrupted.
ALTER TABLE sync_run ADD COLUMN node text;
CREATE INDEX sync_run_running ON sync_run (node) WHERE status = 'running';

-- A batch: "sync every linked show" (or the shows named), handed out to the nodes.
CREATE TABLE sync_batch (
    batch_id              uuid PRIMARY KEY,
    status                text NOT NULL CHECK (status IN ('running', 'ok', 'partial', 'error')),
    max_images_per_person integer NOT NULL,
    trigger               text NOT NULL,
    triggered_by          text,
    started_at            timestamptz NOT NULL DEFAULT clock_timestamp(),
    finished_at           timestamptz
);
CREATE INDEX sync_batch_started ON sync_batch (started_at DESC, batch_id DESC);

-- The batch's queue and its result: one row per show. A node takes a 'queued' row (FOR UPDATE
-- SKIP LOCKED, so two nodes never take the same one), marks it 'running' with its name, and
-- writes the run it started and how it ended ('done').
CREATE TABLE sync_batch_show (
    batch_id    uuid    NOT NULL REFERENCES sync_batch(batch_id) ON DELETE CASCADE,
    position    integer NOT NULL,
    show_id     text    NOT NULL,
    state       text    NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done')),
    node        text,
    run_id      uuid,
    status      text,
    error       jsonb,
    counts      jsonb,
    started_at  timestamptz,
    finished_at timestamptz,
    PRIMARY KEY (batch_id, show_id)
);
CREATE INDEX sync_batch_show_queued ON sync_batch_show (batch_id, position) WHERE state = 'queued';
CREATE INDEX sync_batch_show_running ON sync_batch_show (node) WHERE state = 'running';

-- The SCREENALYTICS tables this service owns (DESIGN.md section 5).

CREATE TABLE show (
    show_id     text PRIMARY KEY CHECK (show_id ~ '^[A-Z0-9_-]{1,64}$'),
    title       text NOT NULL,
    trr_show_id uuid UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE person (
    person_id      uuid PRIMARY KEY,
    canonical_name text,
    display_name   text,
    aliases        text[] NOT NULL DEFAULT '{}',
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE cast_member (
    cast_id       uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    show_id       text NOT NULL REFERENCES show(show_id) ON DELETE CASCADE,
    name          text NOT NULL,
    full_name     text,
    role          text NOT NULL DEFAULT 'other' CHECK (role IN ('main', 'friend', 'guest', 'other')),
    status        text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'past', 'inactive')),
    aliases       text[] NOT NULL DEFAULT '{}',
    imdb_id       text,
    trr_person_id uuid,
    person_id     uuid REFERENCES person(person_id),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (show_id, trr_person_id)
);

-- The first six columns and their defaults match SCREENALYTICS' own face_bank_images.
CREATE TABLE face_bank_images (
    image_id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    person_id        uuid NOT NULL REFERENCES person(person_id),
    media_asset_id   uuid,
    s3_original_key  text NOT NULL,
    s3_aligned_key   text,
    s3_embedding_key text,
    quality_score    double precision,
    is_seed          boolean NOT NULL DEFAULT false,
    approved         boolean NOT NULL DEFAULT false,
    approved_at      timestamptz,
    approved_by      text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    -- where the row came from
    source_url       text,
    photo_source     text,
    kind             text,
    width            integer,
    height           integer,
    run_id           uuid,
    UNIQUE (person_id, s3_original_key)
);
-- The database is the final judge of duplicates, for both dedupe rules.
CREATE UNIQUE INDEX face_bank_images_person_media_asset
    ON face_bank_images (person_id, media_asset_id) WHERE media_asset_id IS NOT NULL;

CREATE TABLE sync_run (
    run_id                uuid PRIMARY KEY,
    show_id               text NOT NULL REFERENCES show(show_id) ON DELETE CASCADE,
    trr_show_id           uuid,
    trigger               text NOT NULL,
    status                text NOT NULL CHECK (status IN ('running', 'ok', 'partial', 'error', 'cancelled', 'interrupted')),
    max_images_per_person integer NOT NULL,
    stages                text[] NOT NULL DEFAULT '{}',
    started_at            timestamptz NOT NULL DEFAULT now(),
    finished_at           timestamptz,
    counts                jsonb NOT NULL DEFAULT '{}',
    people                jsonb NOT NULL DEFAULT '[]',
    error                 jsonb
);
CREATE INDEX sync_run_show_started ON sync_run (show_id, started_at DESC);

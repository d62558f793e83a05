-- Copy of shared/trr/core-schema.sql (keep in sync; do not edit here). The demo builds its TRR
-- database from it, and so do the test fixtures.
-- Minimal DDL of the TRR metadata DB objects that facebank-sync reads.
-- Column names and types follow TRR's own schema (schema `core`); only what
-- the sync needs is here. Use it to build test and demo fixtures. The real
-- database is owned by TRR: the service only ever reads it.

CREATE SCHEMA IF NOT EXISTS core;
CREATE EXTENSION IF NOT EXISTS pgcrypto;

CREATE TABLE core.shows (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name        text NOT NULL,
    imdb_id     text,
    tmdb_id     integer,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE core.people (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    full_name    text NOT NULL,
    known_for    text,
    -- the IMDb person id (nm…) is external_ids->>'imdb'; may be absent or blank
    external_ids jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX core_people_imdb_unique ON core.people ((external_ids->>'imdb'))
    WHERE external_ids ? 'imdb' AND btrim(external_ids->>'imdb') <> '';

-- One row per credit. A person can hold several credits on one show
-- (different role or source), so readers must de-duplicate by person_id.
-- credit_category: 'Self' (reality cast), 'cast', 'crew', 'guest', ...
CREATE TABLE core.credits (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    show_id         uuid NOT NULL REFERENCES core.shows(id) ON DELETE CASCADE,
    person_id       uuid NOT NULL REFERENCES core.people(id) ON DELETE CASCADE,
    credit_category text NOT NULL,
    role            text,
    billing_order   integer,
    source_type     text NOT NULL DEFAULT 'manual',
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

-- The view the sync reads. `id` is the credit id, not the person id.
CREATE VIEW core.v_show_cast AS
SELECT s.name        AS show_name,
       p.full_name   AS cast_member_name,
       c.show_id,
       c.person_id,
       c.billing_order,
       c.role,
       c.credit_category,
       c.id,
       c.created_at,
       c.updated_at,
       c.source_type
FROM core.credits c
JOIN core.shows  s ON s.id = c.show_id
JOIN core.people p ON p.id = c.person_id;

-- Photos (what the TRR backend photos API serves; the sync never reads these
-- tables directly, a demo or test photos server may).
CREATE TABLE core.media_assets (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    source        text NOT NULL,
    source_url    text,
    hosted_key    text,
    hosted_url    text,
    sha256        text,
    content_type  text,
    width         integer,
    height        integer,
    created_at    timestamptz NOT NULL DEFAULT now()
);

-- media_links.id is the gallery "link id"; facebank_seed is the admin's flag.
CREATE TABLE core.media_links (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    entity_type    text NOT NULL,          -- 'person' for person galleries
    entity_id      uuid NOT NULL,          -- core.people.id
    media_asset_id uuid NOT NULL REFERENCES core.media_assets(id) ON DELETE CASCADE,
    kind           text NOT NULL DEFAULT 'gallery',
    position       integer,
    is_primary     boolean NOT NULL DEFAULT false,
    facebank_seed  boolean NOT NULL DEFAULT false,
    created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE VIEW core.v_person_images AS
SELECT l.id,
       l.entity_id                                AS person_id,
       l.media_asset_id,
       a.source,
       l.kind,
       a.width,
       a.height,
       a.hosted_key,
       a.hosted_url,
       l.is_primary,
       l.position,
       l.facebank_seed,
       COALESCE(a.hosted_url, a.source_url)       AS served_url,
       l.created_at
FROM core.media_links l
JOIN core.media_assets a ON a.id = l.media_asset_id
WHERE l.entity_type = 'person';

-- The admin console (issue 14): operators who sign in as themselves, one-time sign-in links,
-- who triggered each run, and who approved or rejected each face-bank row.

-- An operator's password is stored only as a PBKDF2 hash string ($pbkdf2$it=…$salt$hash).
-- password_changed_at ends the sessions signed in before a password change.
CREATE TABLE operator (
    name                text PRIMARY KEY CHECK (name ~ '^[a-z0-9][a-z0-9._-]{0,63}$'),
    password_hash       text NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    password_changed_at timestamptz NOT NULL DEFAULT now()
);

-- One-time sign-in links: only the SHA-256 of the token is kept; a link signs in once, before
-- expires_at. Removing the operator removes their links.
CREATE TABLE console_sign_in_link (
    token_sha256 bytea PRIMARY KEY,
    operator     text NOT NULL REFERENCES operator(name) ON DELETE CASCADE,
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    used_at      timestamptz
);
CREATE INDEX console_sign_in_link_expires ON console_sign_in_link (expires_at);

-- Who started a run: an operator's name (console), 'api' (the admin header), 'cli', 'bus'.
-- Runs recorded before this column existed keep NULL.
ALTER TABLE sync_run ADD COLUMN triggered_by text;

-- A rejected row is marked, never deleted; approved and rejected exclude each other.
ALTER TABLE face_bank_images
    ADD COLUMN rejected    boolean NOT NULL DEFAULT false,
    ADD COLUMN rejected_at timestamptz,
    ADD COLUMN rejected_by text,
    ADD CONSTRAINT face_bank_images_approved_or_rejected CHECK (NOT (approved AND rejected));

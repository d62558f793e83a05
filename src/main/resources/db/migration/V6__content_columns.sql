-- Issue 12 (mirror): what a photo's bytes are, for rows written with the mirror stage on. Nullable:
-- rows written without mirror keep them null, and no later run rewrites a row to fill them.
--   content_sha256   sha256 of the bytes, 64 lower-case hex digits
--   perceptual_hash  64-bit perceptual hash of the picture (the bits as a signed bigint)
--   mime             the sniffed MIME type (image/jpeg, image/png)
--   bytes            size of the original in bytes
--   mirror_key       the original's key in the blob store (originals/<sha256>.<ext>)
ALTER TABLE face_bank_images
    ADD COLUMN content_sha256  text CHECK (content_sha256 ~ '^[0-9a-f]{64}$'),
    ADD COLUMN perceptual_hash bigint,
    ADD COLUMN mime            text,
    ADD COLUMN bytes           bigint CHECK (bytes >= 0),
    ADD COLUMN mirror_key      text;

-- The database is the final judge of same_content, as of the key: two concurrent syncs never
-- write two rows of one person with the same bytes.
CREATE UNIQUE INDEX face_bank_images_person_content
    ON face_bank_images (person_id, content_sha256) WHERE content_sha256 IS NOT NULL;

-- Stage API (issue 11): what each stage recorded about a photo, under the stage's name:
-- {"min-size": {"megapixels": 0.48}, "embed": {...}}. NULL when no stage wrote anything.
ALTER TABLE face_bank_images ADD COLUMN stage_details jsonb;

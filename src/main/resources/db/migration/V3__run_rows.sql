-- Issue 10: every row a run writes carries its run_id, so the counts (and what can be rebuilt of
-- the people) of a run whose process died are rebuilt from what was committed, not from its last
-- saved events. face_bank_images.run_id exists since V1; the cast member a run created or linked
-- now carries the run that last wrote it.
ALTER TABLE cast_member ADD COLUMN run_id uuid;
CREATE INDEX cast_member_run ON cast_member (run_id) WHERE run_id IS NOT NULL;
CREATE INDEX face_bank_images_run ON face_bank_images (run_id) WHERE run_id IS NOT NULL;

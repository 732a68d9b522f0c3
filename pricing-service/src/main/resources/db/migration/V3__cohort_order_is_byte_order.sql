-- The cohort root commits to the pinned cohort in ascending subject id by byte (Java String)
-- order; cohort pages must come in that same order whatever the database's default collation
-- (en_US sorts "-Z" and "-b" the other way round), so the columns compare bytes.
ALTER TABLE purchase_member ALTER COLUMN subject_id TYPE VARCHAR(100) COLLATE "C";
ALTER TABLE quote_member ALTER COLUMN subject_id TYPE VARCHAR(100) COLLATE "C";

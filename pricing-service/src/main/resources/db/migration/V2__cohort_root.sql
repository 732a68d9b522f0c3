-- Each purchase commits to its pinned cohort: the RFC 9162 Merkle root over its members in pinned
-- order (ascending subject id), see docs/cohort-commitments.md. Purchases made before this
-- migration have none.
ALTER TABLE purchase ADD COLUMN cohort_root VARCHAR(44);

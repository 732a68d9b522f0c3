-- Payout books a purchase only as pricing holds it, cohort included (docs/event-authenticity.md):
-- the cohort root pricing committed to, and each staged member's place in the pinned order, so
-- that the root can be recomputed over exactly the cohort that arrived.
ALTER TABLE purchase ADD COLUMN cohort_root VARCHAR(44);
ALTER TABLE cohort_member ADD COLUMN position INT NOT NULL DEFAULT 0;

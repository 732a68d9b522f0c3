-- Idempotency keys now live in the kit's idempotent_request (the same mechanism as purchases'):
-- the old table goes; its keys were kept a day at most.
DROP TABLE idempotency_key;

-- Idempotency keys now live in the kit's idempotent_request (the same mechanism as payouts'):
-- the old table goes. Keys are kept two days at most, so nothing needed here outlives the change;
-- a quote is still bought at most once (purchase.quote_id is unique).
DROP TABLE idempotency_key;

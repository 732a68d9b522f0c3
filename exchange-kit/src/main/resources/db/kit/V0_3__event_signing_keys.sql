-- The Ed25519 keys this service signs its events with (EventSigner). In the database because the
-- outbox is there: whoever can write the outbox can already publish as this service, so the key
-- adds no new secret to guard, and every replica and every restart signs with the same keys.
-- The newest row signs; every row stays published at /api/events/keys.
CREATE TABLE event_signing_key (
    key_id     VARCHAR(100) PRIMARY KEY,
    pem        TEXT         NOT NULL,
    created_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);

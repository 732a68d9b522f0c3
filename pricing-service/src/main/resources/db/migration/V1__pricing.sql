-- pricing-service: dataset projection, versioned price books, quotes, purchases (licences) with
-- their pinned cohorts, idempotency keys and the licences a withdrawal touched.

-- What pricing knows about datasets, projected from catalog.events (highest revision wins).
CREATE TABLE dataset_view (
    dataset_id       VARCHAR(100) PRIMARY KEY,
    provider_id      VARCHAR(100) NOT NULL,
    revision         BIGINT       NOT NULL,
    status           VARCHAR(32)  NOT NULL,
    allowed_purposes VARCHAR(1000) NOT NULL, -- comma-separated purpose ids
    updated_at       TIMESTAMPTZ  NOT NULL
);

-- Append-only: every PUT adds a version; quotes and purchases name the version they used.
CREATE TABLE price_book (
    dataset_id          VARCHAR(100) NOT NULL,
    version             BIGINT       NOT NULL CHECK (version > 0),
    provider_id         VARCHAR(100) NOT NULL,
    currency            CHAR(3)      NOT NULL,
    price_per_record    BIGINT       NOT NULL CHECK (price_per_record > 0),
    minimum_price       BIGINT       NOT NULL CHECK (minimum_price >= 0),
    purpose_multipliers TEXT         NOT NULL, -- JSON object {purpose: bps}
    volume_tiers        TEXT         NOT NULL, -- JSON array [{fromRecords, multiplierBps}]
    created_at          TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (dataset_id, version)
);

CREATE TABLE quote (
    id                 UUID PRIMARY KEY,
    consumer_id        VARCHAR(100) NOT NULL,
    dataset_id         VARCHAR(100) NOT NULL,
    provider_id        VARCHAR(100) NOT NULL,
    dataset_revision   BIGINT       NOT NULL,
    purpose            VARCHAR(64)  NOT NULL,
    price_book_version BIGINT       NOT NULL,
    amount             BIGINT       NOT NULL CHECK (amount > 0),
    currency           CHAR(3)      NOT NULL,
    subjects           INT          NOT NULL CHECK (subjects > 0),
    records            BIGINT       NOT NULL CHECK (records > 0),
    created_at         TIMESTAMPTZ  NOT NULL,
    expires_at         TIMESTAMPTZ  NOT NULL,
    FOREIGN KEY (dataset_id, price_book_version) REFERENCES price_book (dataset_id, version)
);
CREATE INDEX quote_by_consumer ON quote (consumer_id, created_at);

-- The cohort a quote was priced for; a purchase may only shrink it, never grow it.
CREATE TABLE quote_member (
    quote_id   UUID         NOT NULL REFERENCES quote (id),
    subject_id VARCHAR(100) NOT NULL,
    records    BIGINT       NOT NULL CHECK (records > 0),
    PRIMARY KEY (quote_id, subject_id)
);

CREATE TABLE purchase (
    id                 UUID PRIMARY KEY,
    quote_id           UUID         NOT NULL UNIQUE REFERENCES quote (id),
    consumer_id        VARCHAR(100) NOT NULL,
    provider_id        VARCHAR(100) NOT NULL,
    dataset_id         VARCHAR(100) NOT NULL,
    dataset_revision   BIGINT       NOT NULL,
    purpose            VARCHAR(64)  NOT NULL,
    price_book_version BIGINT       NOT NULL,
    amount             BIGINT       NOT NULL CHECK (amount > 0),
    currency           CHAR(3)      NOT NULL,
    subjects           INT          NOT NULL CHECK (subjects > 0),
    records            BIGINT       NOT NULL CHECK (records > 0),
    status             VARCHAR(16)  NOT NULL,
    created_at         TIMESTAMPTZ  NOT NULL,
    valid_until        TIMESTAMPTZ  NOT NULL,
    refunded_at        TIMESTAMPTZ,
    refund_reason      VARCHAR(200)
);
CREATE INDEX purchase_by_consumer ON purchase (consumer_id, created_at);

-- The exact cohort a purchase pays for: what payouts pay and what the licence covers.
CREATE TABLE purchase_member (
    purchase_id     UUID         NOT NULL REFERENCES purchase (id),
    subject_id      VARCHAR(100) NOT NULL,
    records         BIGINT       NOT NULL CHECK (records > 0),
    consent_id      VARCHAR(100) NOT NULL,
    consent_version BIGINT       NOT NULL,
    PRIMARY KEY (purchase_id, subject_id)
);
-- consent.revoked names the consent: find the licences it touches without a scan
CREATE INDEX purchase_member_by_consent ON purchase_member (consent_id);

-- Stripe-style idempotency: the first successful response per (caller, key) is replayed.
CREATE TABLE idempotency_key (
    consumer_id     VARCHAR(100) NOT NULL,
    idempotency_key VARCHAR(255) NOT NULL,
    request_hash    CHAR(64)     NOT NULL,
    status_code     INT          NOT NULL,
    response_body   TEXT         NOT NULL,
    -- deferred: the key row is inserted first, so that concurrent retries queue on it
    purchase_id     UUID         NOT NULL REFERENCES purchase (id) DEFERRABLE INITIALLY DEFERRED,
    created_at      TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (consumer_id, idempotency_key)
);
CREATE INDEX idempotency_key_by_age ON idempotency_key (created_at);

-- Which live licences a withdrawal touched (GDPR Art. 19: the recipient is told).
CREATE TABLE licence_withdrawal (
    purchase_id     UUID         NOT NULL REFERENCES purchase (id),
    consent_id      VARCHAR(100) NOT NULL,
    consent_version BIGINT       NOT NULL, -- the version that withdrew
    subject_id      VARCHAR(100) NOT NULL,
    withdrawn_at    TIMESTAMPTZ  NOT NULL,
    recorded_at     TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (purchase_id, consent_id, consent_version)
);

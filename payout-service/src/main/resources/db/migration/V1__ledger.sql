-- The double-entry ledger (see docs/ledger.md). Amounts are signed BIGINT minor units of the one
-- settlement currency. Transactions and postings are append-only: a correction is a new
-- transaction, never an edit. Every account's balance equals the sum of its postings.

-- One account per (owner kind, owner, type): id = '<owner_kind>:<owner_id>:<type>' (unique by the key).
CREATE TABLE account (
    id         VARCHAR(240) PRIMARY KEY,
    owner_kind VARCHAR(16)  NOT NULL CHECK (owner_kind IN ('consumer', 'platform', 'provider', 'subject')),
    owner_id   VARCHAR(200) NOT NULL,
    type       VARCHAR(16)  NOT NULL CHECK (type IN ('funding', 'pending', 'available', 'processing', 'paid-out')),
    currency   CHAR(3)      NOT NULL,
    balance    BIGINT       NOT NULL DEFAULT 0,
    created_at TIMESTAMPTZ  NOT NULL DEFAULT now()
) WITH (fillfactor = 70); -- room on each page for HOT updates of balance (not indexed): no index churn
CREATE INDEX account_by_owner ON account (owner_id);

-- A ledger transaction: its postings sum to zero. (kind, reference) is unique, so a purchase is
-- split, released, voided or reversed at most once, and a payout reserved/settled/returned once.
CREATE TABLE ledger_tx (
    id         UUID         PRIMARY KEY,
    kind       VARCHAR(20)  NOT NULL CHECK (kind IN ('SPLIT', 'RELEASE', 'VOID', 'REVERSAL',
                                                    'PAYOUT_RESERVE', 'PAYOUT_SETTLE', 'PAYOUT_RETURN')),
    reference  VARCHAR(200) NOT NULL,
    created_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    UNIQUE (kind, reference)
);

CREATE TABLE posting (
    id         BIGSERIAL    PRIMARY KEY,
    tx_id      UUID         NOT NULL REFERENCES ledger_tx (id),
    account_id VARCHAR(240) NOT NULL REFERENCES account (id),
    amount     BIGINT       NOT NULL CHECK (amount <> 0)
);
CREATE INDEX posting_by_tx ON posting (tx_id);
-- no index by account: balances are kept on the account; only the auditor scans postings per account

CREATE FUNCTION ledger_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the ledger is append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME;
END $$;
CREATE TRIGGER posting_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON posting
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_is_append_only();
CREATE TRIGGER ledger_tx_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ledger_tx
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_is_append_only();

-- What payout knows of a purchase (from pricing.events) and where its money is in its life:
-- AWAITING_PURCHASE (only a refund arrived so far), AWAITING_COHORT, PENDING (split, on hold),
-- AVAILABLE (released), VOIDED (refunded on hold), REVERSED (refunded after release).
CREATE TABLE purchase (
    id               VARCHAR(100) PRIMARY KEY,
    status           VARCHAR(20)  NOT NULL,
    consumer_id      VARCHAR(200),
    provider_id      VARCHAR(200),
    dataset_id       VARCHAR(200),
    purpose          VARCHAR(64),
    amount           BIGINT CHECK (amount >= 0),
    currency         CHAR(3),
    subjects         INT,
    records          BIGINT,
    chunks           INT,
    purchased_at     TIMESTAMPTZ,
    split_tx         UUID REFERENCES ledger_tx (id),
    split_at         TIMESTAMPTZ,
    hold_until       TIMESTAMPTZ,
    released_at      TIMESTAMPTZ,
    refund_requested BOOLEAN      NOT NULL DEFAULT false,
    refund_reason    VARCHAR(500),
    refunded_at      TIMESTAMPTZ
);
CREATE INDEX purchase_due ON purchase (hold_until) WHERE status = 'PENDING';

-- The pinned cohort as it arrived, chunk by chunk; kept after the split as the record of which
-- consent (id and version) authorised each subject's payment.
CREATE TABLE cohort_chunk (
    purchase_id VARCHAR(100) NOT NULL,
    chunk       INT          NOT NULL,
    chunks      INT          NOT NULL,
    members     INT          NOT NULL,
    received_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (purchase_id, chunk)
);
CREATE TABLE cohort_member (
    purchase_id     VARCHAR(100) NOT NULL,
    chunk           INT          NOT NULL,
    subject_id      VARCHAR(200) NOT NULL,
    records         BIGINT       NOT NULL CHECK (records >= 0),
    consent_id      VARCHAR(100),
    consent_version BIGINT
);
CREATE INDEX cohort_member_by_purchase ON cohort_member (purchase_id);

-- Statement lines: each payee's share of a split purchase (status comes from the purchase).
CREATE TABLE earning (
    purchase_id VARCHAR(100) NOT NULL REFERENCES purchase (id),
    owner_kind  VARCHAR(16)  NOT NULL,
    owner_id    VARCHAR(200) NOT NULL,
    weight      BIGINT       NOT NULL,
    amount      BIGINT       NOT NULL CHECK (amount >= 0),
    PRIMARY KEY (purchase_id, owner_kind, owner_id)
);
CREATE INDEX earning_by_owner ON earning (owner_id, owner_kind);

-- REQUESTED -> PROCESSING -> PAID | FAILED.
CREATE TABLE payout (
    id               UUID         PRIMARY KEY,
    owner_kind       VARCHAR(16)  NOT NULL,
    owner_id         VARCHAR(200) NOT NULL,
    amount           BIGINT       NOT NULL CHECK (amount > 0),
    currency         CHAR(3)      NOT NULL,
    status           VARCHAR(16)  NOT NULL,
    failure_reason   VARCHAR(500),
    rail_reference   VARCHAR(200),
    created_at       TIMESTAMPTZ  NOT NULL,
    updated_at       TIMESTAMPTZ  NOT NULL
);
CREATE INDEX payout_by_owner ON payout (owner_id, created_at DESC);
CREATE INDEX payout_open ON payout (updated_at) WHERE status IN ('REQUESTED', 'PROCESSING');

-- Stripe-style idempotency keys, per caller: the first response is stored and replayed.
CREATE TABLE idempotency_key (
    caller_id    VARCHAR(200) NOT NULL,
    idem_key     VARCHAR(255) NOT NULL,
    request_hash VARCHAR(64)  NOT NULL,
    status       INT          NOT NULL,
    body         TEXT         NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (caller_id, idem_key)
);
CREATE INDEX idempotency_key_age ON idempotency_key (created_at);

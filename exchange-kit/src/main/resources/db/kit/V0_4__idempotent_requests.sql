-- One idempotency mechanism for every Idempotency-Key endpoint (docs/idempotency.md): per caller
-- and key, the request's hash, and once it completed, the first response to replay. A row with no
-- status is a request in flight; claimed_at tells when it was (re)claimed, so a row left behind by
-- a crash can be taken over after a while.
CREATE TABLE idempotent_request (
    caller          VARCHAR(200) NOT NULL,
    idempotency_key VARCHAR(255) NOT NULL,
    request_hash    CHAR(64)     NOT NULL,
    status_code     INT,
    response_body   TEXT,
    location        VARCHAR(500),
    created_at      TIMESTAMPTZ  NOT NULL,
    claimed_at      TIMESTAMPTZ  NOT NULL,
    completed_at    TIMESTAMPTZ,
    PRIMARY KEY (caller, idempotency_key)
);
CREATE INDEX idempotent_request_age ON idempotent_request (created_at);

CREATE TABLE purchase (
    id          UUID PRIMARY KEY,
    quote_id    UUID         NOT NULL UNIQUE,
    consumer_id VARCHAR(100) NOT NULL,
    dataset_id  UUID         NOT NULL,
    purpose     VARCHAR(64)  NOT NULL,
    amount      BIGINT       NOT NULL CHECK (amount > 0),
    currency    CHAR(3)      NOT NULL,
    subjects    INT          NOT NULL,
    records     BIGINT       NOT NULL,
    status      VARCHAR(16)  NOT NULL,
    created_at  TIMESTAMPTZ  NOT NULL
);
CREATE INDEX purchase_by_consumer ON purchase (consumer_id, created_at);

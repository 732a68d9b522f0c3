-- Accounts of the double-entry ledger. Balances are integer minor units of one currency.
CREATE TABLE account (
    id         VARCHAR(160) PRIMARY KEY,     -- e.g. subject:<id>:pending
    owner_id   VARCHAR(100) NOT NULL,
    type       VARCHAR(32)  NOT NULL,
    currency   CHAR(3)      NOT NULL,
    balance    BIGINT       NOT NULL DEFAULT 0,
    created_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX account_by_owner ON account (owner_id);

CREATE TABLE dataset (
    id               UUID PRIMARY KEY,
    provider_id      VARCHAR(100)  NOT NULL,
    title            VARCHAR(200)  NOT NULL,
    description      TEXT          NOT NULL,
    categories       TEXT          NOT NULL,
    allowed_purposes TEXT          NOT NULL,
    record_schema    TEXT          NOT NULL,
    licence_terms    TEXT          NOT NULL,
    revision         BIGINT        NOT NULL,
    status           VARCHAR(16)   NOT NULL,
    created_at       TIMESTAMPTZ   NOT NULL,
    updated_at       TIMESTAMPTZ   NOT NULL
);
CREATE INDEX dataset_by_provider ON dataset (provider_id);

-- The current consent of every subject, as told by consent.events: the highest version wins,
-- so redelivered and reordered events converge on the same state.
CREATE TABLE consent_projection (
    consent_id           UUID PRIMARY KEY,
    subject_id           VARCHAR(100) NOT NULL,
    scope_type           VARCHAR(16)  NOT NULL,
    scope_id             VARCHAR(100) NOT NULL,
    purpose              VARCHAR(64)  NOT NULL,
    status               VARCHAR(16)  NOT NULL,
    version              BIGINT       NOT NULL,
    expires_at           TIMESTAMPTZ,
    min_price_per_record BIGINT,
    updated_at           TIMESTAMPTZ  NOT NULL
);
CREATE INDEX consent_projection_by_scope ON consent_projection (scope_type, scope_id, purpose, subject_id);
CREATE INDEX consent_projection_by_subject ON consent_projection (subject_id);

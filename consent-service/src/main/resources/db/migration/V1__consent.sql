CREATE TABLE consent (
    id                   UUID PRIMARY KEY,
    subject_id           VARCHAR(100) NOT NULL,
    scope_type           VARCHAR(16)  NOT NULL,
    scope_id             VARCHAR(100) NOT NULL,
    purpose              VARCHAR(64)  NOT NULL,
    data_categories      TEXT         NOT NULL,
    status               VARCHAR(16)  NOT NULL,
    version              BIGINT       NOT NULL,
    expires_at           TIMESTAMPTZ,
    min_price_per_record BIGINT CHECK (min_price_per_record >= 0),
    created_at           TIMESTAMPTZ  NOT NULL,
    updated_at           TIMESTAMPTZ  NOT NULL,
    -- granting the same scope and purpose again supersedes the record, it never duplicates it
    CONSTRAINT consent_one_per_scope_and_purpose UNIQUE (subject_id, scope_type, scope_id, purpose)
);
CREATE INDEX consent_by_purpose_scope ON consent (purpose, scope_type, scope_id, subject_id);
CREATE INDEX consent_expiring ON consent (expires_at) WHERE status = 'GIVEN' AND expires_at IS NOT NULL;

CREATE TABLE consent_history (
    seq                  BIGSERIAL PRIMARY KEY,
    subject_id           VARCHAR(100) NOT NULL,
    consent_id           UUID         NOT NULL,
    version              BIGINT       NOT NULL,
    action               VARCHAR(16)  NOT NULL,
    status               VARCHAR(16)  NOT NULL,
    scope_type           VARCHAR(16)  NOT NULL,
    scope_id             VARCHAR(100) NOT NULL,
    purpose              VARCHAR(64)  NOT NULL,
    data_categories      TEXT         NOT NULL,
    expires_at           TIMESTAMPTZ,
    min_price_per_record BIGINT,
    recorded_at          TIMESTAMPTZ  NOT NULL,
    prev_hash            CHAR(64)     NOT NULL,
    hash                 CHAR(64)     NOT NULL,
    CONSTRAINT consent_history_one_successor UNIQUE (subject_id, prev_hash),
    CONSTRAINT consent_history_version UNIQUE (consent_id, version)
);
CREATE INDEX consent_history_by_consent ON consent_history (consent_id, seq);

-- Append-only: history rows are never edited. (Erasure deletes a subject's whole chain.)
CREATE FUNCTION consent_history_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'consent_history is append-only';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER consent_history_no_update BEFORE UPDATE ON consent_history
    FOR EACH ROW EXECUTE FUNCTION consent_history_append_only();

-- A provider's dataset at its current revision. Categories and allowed purposes are kept as
-- comma-separated ids (validated on the way in); the expression indexes below make the
-- category and purpose filters of the search index lookups.
CREATE TABLE dataset (
    id               UUID PRIMARY KEY,
    provider_id      VARCHAR(100)  NOT NULL,
    title            VARCHAR(200)  NOT NULL,
    description      TEXT          NOT NULL,
    categories       TEXT          NOT NULL,
    allowed_purposes TEXT          NOT NULL,
    record_schema    TEXT          NOT NULL,
    licence_terms    TEXT          NOT NULL,
    revision         BIGINT        NOT NULL CHECK (revision >= 1),
    status           VARCHAR(16)   NOT NULL,
    created_at       TIMESTAMPTZ   NOT NULL,
    updated_at       TIMESTAMPTZ   NOT NULL,
    -- free-text search over title (weight A) and description (weight B)
    search           TSVECTOR GENERATED ALWAYS AS (
                         setweight(to_tsvector('english', title), 'A')
                         || setweight(to_tsvector('english', description), 'B')) STORED
);
CREATE INDEX dataset_by_provider ON dataset (provider_id);
CREATE INDEX dataset_search ON dataset USING GIN (search);
CREATE INDEX dataset_categories ON dataset USING GIN (string_to_array(categories, ','));
CREATE INDEX dataset_purposes ON dataset USING GIN (string_to_array(allowed_purposes, ','));
CREATE INDEX dataset_listed ON dataset (status, created_at, id);

-- Every revision of every dataset, as it was: revision 1 on publication, +1 on every change.
CREATE TABLE dataset_revision (
    dataset_id       UUID          NOT NULL REFERENCES dataset (id),
    revision         BIGINT        NOT NULL,
    title            VARCHAR(200)  NOT NULL,
    description      TEXT          NOT NULL,
    categories       TEXT          NOT NULL,
    allowed_purposes TEXT          NOT NULL,
    record_schema    TEXT          NOT NULL,
    licence_terms    TEXT          NOT NULL,
    status           VARCHAR(16)   NOT NULL,
    change           VARCHAR(16)   NOT NULL,
    changed_at       TIMESTAMPTZ   NOT NULL,
    PRIMARY KEY (dataset_id, revision)
);

-- Which pseudonymous subjects contribute how many records to a dataset. subject_id is compared
-- byte-wise (COLLATE "C") so the keyset paging of /internal/.../members has one stable order.
CREATE TABLE dataset_member (
    dataset_id UUID         NOT NULL REFERENCES dataset (id),
    subject_id VARCHAR(100) COLLATE "C" NOT NULL,
    records    BIGINT       NOT NULL CHECK (records >= 1),
    added_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (dataset_id, subject_id)
);
CREATE INDEX dataset_member_by_subject ON dataset_member (subject_id);

-- Subjects erased under GDPR Art. 17 (subject.erased): their pseudonymous id only, so that a
-- re-sent membership batch or a late consent event cannot bring them back.
CREATE TABLE erased_subject (
    subject_id VARCHAR(100) COLLATE "C" PRIMARY KEY,
    erased_at  TIMESTAMPTZ  NOT NULL
);

-- The current consent of every subject, as told by consent.events: the highest version wins,
-- so redelivered and reordered events converge on the same state.
CREATE TABLE consent_projection (
    consent_id           UUID PRIMARY KEY,
    subject_id           VARCHAR(100) COLLATE "C" NOT NULL,
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

-- Licences bought for datasets, as told by pricing.events (purchase.completed, purchase.refunded),
-- so that a withdrawn dataset stays readable by id for its licence holders. A refund that
-- arrives before its purchase is kept too (dataset and consumer unknown yet): order does not matter.
CREATE TABLE licence (
    purchase_id VARCHAR(100) PRIMARY KEY,
    dataset_id  VARCHAR(100),
    consumer_id VARCHAR(100),
    refunded    BOOLEAN      NOT NULL DEFAULT FALSE,
    updated_at  TIMESTAMPTZ  NOT NULL
);
CREATE INDEX licence_by_dataset ON licence (dataset_id, consumer_id);

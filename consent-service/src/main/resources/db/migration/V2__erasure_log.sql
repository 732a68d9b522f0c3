-- Proof that an erasure request was honoured (GDPR Art. 5(2) accountability): who, when, how
-- much. It holds the pseudonymous id and counts only, nothing of what was erased.
CREATE TABLE erasure_log (
    subject_id       VARCHAR(100) NOT NULL,
    erased_at        TIMESTAMPTZ  NOT NULL,
    consents_erased  INT          NOT NULL,
    history_erased   INT          NOT NULL,
    PRIMARY KEY (subject_id, erased_at)
);

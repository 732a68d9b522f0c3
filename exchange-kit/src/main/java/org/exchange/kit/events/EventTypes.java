package org.exchange.kit.events;

/** Every event type of the partner contract; each has a JSON Schema and an example in resources. */
public final class EventTypes {
    public static final String CONSENT_GRANTED = "consent.granted";
    public static final String CONSENT_REVOKED = "consent.revoked";
    public static final String CONSENT_EXPIRED = "consent.expired";
    /** The consent's object is gone (a dataset-scoped consent whose dataset was withdrawn). */
    public static final String CONSENT_INVALIDATED = "consent.invalidated";
    public static final String SUBJECT_ERASED = "subject.erased";

    public static final String DATASET_PUBLISHED = "dataset.published";
    public static final String DATASET_UPDATED = "dataset.updated";
    public static final String DATASET_WITHDRAWN = "dataset.withdrawn";

    public static final String QUOTE_ISSUED = "quote.issued";
    public static final String PURCHASE_COHORT = "purchase.cohort";
    public static final String PURCHASE_COMPLETED = "purchase.completed";
    public static final String PURCHASE_REFUNDED = "purchase.refunded";
    /** A licence holder is told that a subject of its licence withdrew consent (GDPR Art. 19). */
    public static final String LICENCE_CONSENT_WITHDRAWN = "licence.consent-withdrawn";

    public static final String EARNINGS_CREDITED = "earnings.credited";
    public static final String PAYOUT_REQUESTED = "payout.requested";
    public static final String PAYOUT_PAID = "payout.paid";
    public static final String PAYOUT_FAILED = "payout.failed";

    private EventTypes() {
    }
}

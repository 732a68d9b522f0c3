package org.exchange.kit.events;

import java.util.List;

/** Every event type of the partner contract; each has a JSON Schema and an example in resources. */
public final class EventTypes {
    public static final String CONSENT_GRANTED = "consent.granted";
    public static final String CONSENT_REVOKED = "consent.revoked";
    public static final String CONSENT_EXPIRED = "consent.expired";
    public static final String SUBJECT_ERASED = "subject.erased";

    public static final String DATASET_PUBLISHED = "dataset.published";
    public static final String DATASET_UPDATED = "dataset.updated";
    public static final String DATASET_WITHDRAWN = "dataset.withdrawn";

    public static final String QUOTE_ISSUED = "quote.issued";
    public static final String PURCHASE_COMPLETED = "purchase.completed";
    public static final String PURCHASE_REFUNDED = "purchase.refunded";

    public static final String EARNINGS_CREDITED = "earnings.credited";
    public static final String PAYOUT_REQUESTED = "payout.requested";
    public static final String PAYOUT_PAID = "payout.paid";
    public static final String PAYOUT_FAILED = "payout.failed";

    /** The types whose schema and example this release publishes. */
    public static final List<String> PUBLISHED = List.of(CONSENT_GRANTED, CONSENT_REVOKED, CONSENT_EXPIRED,
            SUBJECT_ERASED);

    private EventTypes() {
    }
}

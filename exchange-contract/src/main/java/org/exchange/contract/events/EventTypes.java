package org.exchange.contract.events;

import java.util.Map;
import java.util.Set;

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

    /** The topic each type is published on: only that topic's owner may publish it. */
    private static final Map<String, String> TOPIC = Map.ofEntries(
            Map.entry(CONSENT_GRANTED, Topics.CONSENT), Map.entry(CONSENT_REVOKED, Topics.CONSENT),
            Map.entry(CONSENT_EXPIRED, Topics.CONSENT), Map.entry(CONSENT_INVALIDATED, Topics.CONSENT),
            Map.entry(SUBJECT_ERASED, Topics.CONSENT),
            Map.entry(DATASET_PUBLISHED, Topics.CATALOG), Map.entry(DATASET_UPDATED, Topics.CATALOG),
            Map.entry(DATASET_WITHDRAWN, Topics.CATALOG),
            Map.entry(QUOTE_ISSUED, Topics.PRICING), Map.entry(PURCHASE_COHORT, Topics.PRICING),
            Map.entry(PURCHASE_COMPLETED, Topics.PRICING), Map.entry(PURCHASE_REFUNDED, Topics.PRICING),
            Map.entry(LICENCE_CONSENT_WITHDRAWN, Topics.PRICING),
            Map.entry(EARNINGS_CREDITED, Topics.PAYOUT), Map.entry(PAYOUT_REQUESTED, Topics.PAYOUT),
            Map.entry(PAYOUT_PAID, Topics.PAYOUT), Map.entry(PAYOUT_FAILED, Topics.PAYOUT));

    private EventTypes() {
    }

    public static Set<String> all() {
        return TOPIC.keySet();
    }

    /** The topic {@code type} belongs on, or null for a type outside the contract. */
    public static String topicOf(String type) {
        return type == null ? null : TOPIC.get(type);
    }
}

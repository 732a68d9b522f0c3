package org.exchange.contract.events.data;

import java.time.Instant;
import java.util.List;

/**
 * The data of {@code consent.granted}, {@code consent.revoked} and {@code consent.expired}: the
 * consent's full state at {@code version}. Consumers keep the highest version they have seen
 * per consent, so redelivered and reordered events resolve to the same state.
 *
 * @param scopeType {@code PROVIDER} (all of a provider's datasets) or {@code DATASET}
 * @param minPricePerRecord the subject's reserve price in minor units, or null for none
 */
public record ConsentChanged(String consentId, String subjectId, String scopeType, String scopeId, String purpose,
                             List<String> dataCategories, String status, long version, Instant expiresAt,
                             Long minPricePerRecord, Instant at) {
}

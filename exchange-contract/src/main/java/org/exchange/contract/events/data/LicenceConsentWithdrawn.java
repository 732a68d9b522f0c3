package org.exchange.contract.events.data;

import java.time.Instant;

/**
 * The data of {@code licence.consent-withdrawn}: a subject of a live licence's pinned cohort
 * withdrew the consent the licence relied on (GDPR Art. 19: the recipient is told). The licence
 * holder must stop using that subject's records for this purpose. Keyed by purchase id.
 *
 * @param consentVersion the consent version that withdrew (the licence pinned an earlier one)
 * @param withdrawnAt    when the subject withdrew
 */
public record LicenceConsentWithdrawn(String purchaseId, String consumerId, String datasetId, String purpose,
                                      String subjectId, String consentId, long consentVersion, Instant withdrawnAt,
                                      Instant at) {
}

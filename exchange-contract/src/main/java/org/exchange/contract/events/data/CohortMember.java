package org.exchange.contract.events.data;

/** One subject of a purchase's pinned cohort: how many records, under which consent version. */
public record CohortMember(String subjectId, long records, String consentId, long consentVersion) {
}

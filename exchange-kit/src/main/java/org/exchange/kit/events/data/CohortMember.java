package org.exchange.kit.events.data;

import io.quarkus.runtime.annotations.RegisterForReflection;
/** One subject of a purchase's pinned cohort: how many records, under which consent version. */
@RegisterForReflection
public record CohortMember(String subjectId, long records, String consentId, long consentVersion) {
}

package org.exchange.contract.events.data;

import java.time.Instant;

/** The data of {@code subject.erased}: every service removes what it holds about the subject. */
public record SubjectErased(String subjectId, Instant at) {
}

package org.exchange.kit.events.data;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/** The data of {@code subject.erased}: every service removes what it holds about the subject. */
@RegisterForReflection
public record SubjectErased(String subjectId, Instant at) {
}

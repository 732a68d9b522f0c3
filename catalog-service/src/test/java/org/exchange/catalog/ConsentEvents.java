package org.exchange.catalog;

import java.time.Instant;
import java.util.List;
import org.exchange.contract.events.EventEnvelope;
import org.exchange.contract.events.EventTypes;
import org.exchange.contract.events.data.ConsentChanged;
import org.exchange.contract.events.data.SubjectErased;
import org.exchange.testing.TestEvents;

/** Crafts consent.events envelopes as consent-service writes them (deliver them with {@link EventDelivery}). */
public final class ConsentEvents {

    public static final String SOURCE = "consent-service";

    private ConsentEvents() {
    }

    /** A consent's state at one version; the event type follows the status. */
    public static EventEnvelope consent(String consentId, String subjectId, String scopeType, String scopeId,
                                        String purpose, String status, long version, Instant expiresAt) {
        String type = switch (status) {
            case "GIVEN" -> EventTypes.CONSENT_GRANTED;
            case "WITHDRAWN" -> EventTypes.CONSENT_REVOKED;
            case "EXPIRED" -> EventTypes.CONSENT_EXPIRED;
            default -> throw new IllegalArgumentException(status);
        };
        ConsentChanged data = new ConsentChanged(consentId, subjectId, scopeType, scopeId, purpose, List.of("steps"),
                status, version, expiresAt, null, Instant.now());
        return TestEvents.envelope(type, SOURCE, subjectId, data);
    }

    public static EventEnvelope erased(String subjectId) {
        return TestEvents.envelope(EventTypes.SUBJECT_ERASED, SOURCE, subjectId,
                new SubjectErased(subjectId, Instant.now()));
    }

    /** {@code e} under another event id (what a forger reusing an id, or a test pinning one, needs). */
    public static EventEnvelope withId(String id, EventEnvelope e) {
        return EventEnvelope.of(id, e.type(), e.source(), e.time(), e.subject(), e.data());
    }
}

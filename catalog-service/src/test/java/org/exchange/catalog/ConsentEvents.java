package org.exchange.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.quarkus.vertx.VertxContextSupport;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.exchange.catalog.service.ConsentProjectionService;
import org.exchange.kit.events.EventEnvelope;
import org.exchange.kit.events.EventTypes;
import org.exchange.kit.events.data.ConsentChanged;
import org.exchange.kit.events.data.SubjectErased;

/** Crafts consent.events envelopes as consent-service writes them, and applies them to the projection. */
public final class ConsentEvents {

    public static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

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
        return new EventEnvelope(UUID.randomUUID().toString(), type, "consent-service", Instant.now(), subjectId, 1,
                MAPPER.valueToTree(data));
    }

    public static EventEnvelope erased(String subjectId) {
        return new EventEnvelope(UUID.randomUUID().toString(), EventTypes.SUBJECT_ERASED, "consent-service",
                Instant.now(), subjectId, 1, MAPPER.valueToTree(new SubjectErased(subjectId, Instant.now())));
    }

    public static String json(EventEnvelope e) {
        try {
            return MAPPER.writeValueAsString(e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Applies an event as the Kafka consumer would, on a Vert.x context, and waits for the commit. */
    public static void apply(ConsentProjectionService projection, EventEnvelope event) {
        try {
            VertxContextSupport.subscribeAndAwait(() -> projection.apply("catalog.consent-projection", event));
        } catch (Throwable t) {
            throw new IllegalStateException("applying " + event.type() + " failed", t);
        }
    }
}

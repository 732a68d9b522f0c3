package org.exchange.kit.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Writes an event into the service's outbox table in the caller's current transaction, so a
 * state change and its event commit or roll back together. {@link OutboxRelay} publishes it.
 */
@ApplicationScoped
public class OutboxWriter {

    private final ObjectMapper mapper;
    private final String source;
    private final String topicPrefix;

    /**
     * @param topicPrefix prepended to every topic name; empty in production, set by the test
     *                    profile so that tests never write into a running stack's topics
     */
    public OutboxWriter(ObjectMapper mapper, @ConfigProperty(name = "quarkus.application.name") String source,
                        @ConfigProperty(name = "exchange.topic-prefix") Optional<String> topicPrefix) {
        this.mapper = mapper;
        this.source = source;
        this.topicPrefix = topicPrefix.orElse("");
    }

    /** Appends an event; must be called inside a {@code @WithTransaction} chain. */
    public Uni<EventEnvelope> append(String topic, String type, String aggregateId, Object data) {
        EventEnvelope envelope = new EventEnvelope(UUID.randomUUID().toString(), type, source, Instant.now(),
                aggregateId, 1, mapper.valueToTree(data));
        String payload = toJson(envelope);
        return Panache.getSession().chain(session -> session
                .createNativeQuery("INSERT INTO outbox (event_id, topic, event_key, payload) VALUES (?1, ?2, ?3, ?4)")
                .setParameter(1, envelope.id())
                .setParameter(2, topicPrefix + topic)
                .setParameter(3, aggregateId)
                .setParameter(4, payload)
                .executeUpdate())
                .replaceWith(envelope);
    }

    private String toJson(EventEnvelope envelope) {
        try {
            return mapper.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event " + envelope.type() + " is not serialisable", e);
        }
    }

    /** Reads an envelope received from Kafka. */
    public static EventEnvelope parse(ObjectMapper mapper, String json) {
        try {
            return mapper.readValue(json, EventEnvelope.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an event envelope: " + e.getOriginalMessage(), e);
        }
    }

    public static <T> T dataOf(ObjectMapper mapper, EventEnvelope envelope, Class<T> type) {
        JsonNode data = envelope.data();
        try {
            return mapper.treeToValue(data, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event " + envelope.id() + " has malformed data", e);
        }
    }
}

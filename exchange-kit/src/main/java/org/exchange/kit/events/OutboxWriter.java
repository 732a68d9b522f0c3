package org.exchange.kit.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.exchange.kit.config.EventsConfig;
import org.exchange.kit.db.JsonRows;
import org.exchange.contract.events.EventEnvelope;

/**
 * Writes an event into the service's outbox table in the caller's current transaction, so a
 * state change and its event commit or roll back together. {@link OutboxRelay} publishes it.
 */
@ApplicationScoped
public class OutboxWriter {

    private final ObjectMapper mapper;
    private final String source;
    private final String topicPrefix;
    private final Clock clock;
    private final String publishes;

    /**
     * @param topicPrefix prepended to every topic name; empty in production, set by the test
     *                    profile so that tests never write into a running stack's topics
     */
    public OutboxWriter(ObjectMapper mapper, @ConfigProperty(name = "quarkus.application.name") String source,
                        @ConfigProperty(name = "exchange.topic-prefix") Optional<String> topicPrefix, Clock clock,
                        EventsConfig config) {
        this.mapper = mapper;
        this.source = source;
        this.topicPrefix = topicPrefix.orElse("");
        this.clock = clock;
        this.publishes = config.publishes();
    }

    /** A service writes only its own topic: its consumers' trust rests on that (Topics.ownerOf). */
    private void checkTopic(String topic) {
        if (!topic.equals(publishes)) {
            throw new IllegalArgumentException(source + " publishes " + publishes + ", not " + topic);
        }
    }

    /** Rows per statement when {@link #appendAll} writes events by the thousand. */
    static final int BATCH = 5_000;

    /** Appends an event; must be called inside a {@code @WithTransaction} chain. */
    public Uni<EventEnvelope> append(String topic, String type, String aggregateId, Object data) {
        checkTopic(topic);
        EventEnvelope envelope = envelope(type, aggregateId, data);
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

    /**
     * Appends one event per item, keyed by {@code aggregateIdOf}, set-based: one statement per
     * {@value #BATCH} rows, for the events a single change makes by the thousand (a release
     * credits up to 100,000 payees). Same envelope and transaction rules as {@link #append}.
     */
    public <T> Uni<Integer> appendAll(String topic, String type, List<T> items, Function<T, String> aggregateIdOf) {
        checkTopic(topic);
        return JsonRows.write(items, BATCH, (item, row) -> {
            EventEnvelope envelope = envelope(type, aggregateIdOf.apply(item), item);
            row.put("i", envelope.id()).put("k", envelope.subject()).put("p", toJson(envelope));
        }, json -> Panache.getSession().chain(session -> session.createNativeQuery("""
                        INSERT INTO outbox (event_id, topic, event_key, payload)
                        SELECT x.i, ?2, x.k, x.p FROM %s AS x(i text, k text, p text)""".formatted(JsonRows.records("?1")))
                .setParameter(1, json)
                .setParameter(2, topicPrefix + topic)
                .executeUpdate()));
    }

    private EventEnvelope envelope(String type, String aggregateId, Object data) {
        return EventEnvelope.of(UUID.randomUUID().toString(), type, source, clock.instant(), aggregateId,
                mapper.valueToTree(data));
    }

    private String toJson(EventEnvelope envelope) {
        try {
            return mapper.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event " + envelope.type() + " is not serialisable", e);
        }
    }
}

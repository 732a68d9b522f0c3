package org.exchange.kit.events.consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import org.exchange.kit.events.ProcessedEvents;
import org.exchange.kit.events.signing.PublisherKeys;

/**
 * Builds the consumers of a service: each is a name, the public topic it reads, and a map from
 * event type to handler; the kit does the rest the same way for all of them ({@link EventConsumer}).
 */
@ApplicationScoped
public class EventConsumers {

    private final ObjectMapper mapper;
    private final PublisherKeys keys;
    private final ProcessedEvents processed;
    private final DeadLetters deadLetters;
    private final MeterRegistry meters;

    public EventConsumers(ObjectMapper mapper, PublisherKeys keys, ProcessedEvents processed, DeadLetters deadLetters,
                          MeterRegistry meters) {
        this.mapper = mapper;
        this.keys = keys;
        this.processed = processed;
        this.deadLetters = deadLetters;
        this.meters = meters;
    }

    /**
     * @param name  the consumer's name: its dedup scope, and what dead letters and metrics name
     * @param topic the public topic it reads ({@code Topics.*}); only that topic's owner is trusted
     */
    public Builder consumer(String name, String topic) {
        return new Builder(name, topic);
    }

    public final class Builder {
        private final String name;
        private final String topic;
        private final Map<String, EventConsumer.Route<?>> routes = new LinkedHashMap<>();

        private Builder(String name, String topic) {
            this.name = name;
            this.topic = topic;
        }

        /** Handles {@code type}, whose data is read as {@code dataType}. */
        public <T> Builder on(String type, Class<T> dataType, EventHandler<T> handler) {
            routes.put(type, new EventConsumer.Route<>(dataType, null, handler));
            return this;
        }

        /**
         * Handles {@code type} once {@code confirmation} has confirmed it with its publisher (outside
         * the transaction; a {@link Outcome.Rejected} dead-letters it, an unavailable publisher is
         * retried).
         */
        public <T> Builder on(String type, Class<T> dataType, EventHandler<T> confirmation, EventHandler<T> handler) {
            routes.put(type, new EventConsumer.Route<>(dataType, confirmation, handler));
            return this;
        }

        public EventConsumer build() {
            return new EventConsumer(name, topic, Map.copyOf(routes), mapper, keys, processed, deadLetters, meters);
        }
    }
}

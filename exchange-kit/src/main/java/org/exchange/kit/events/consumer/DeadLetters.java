package org.exchange.kit.events.consumer;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.exchange.kit.config.EventsConfig;
import org.exchange.kit.events.EventPublisher;
import org.jboss.logging.Logger;

/**
 * Moves a record a consumer will not apply to the service's dead-letter topic
 * ({@code dlq.<service>}, through the service's {@link EventPublisher}), unchanged (key, value and headers, so the publisher's signature still
 * verifies on a replay), with headers that say who refused it, why, and where it came from.
 * The consumer acknowledges the record only once the broker has the dead letter.
 */
@ApplicationScoped
public class DeadLetters {

    public static final String CONSUMER = "dlq-consumer";
    public static final String REASON = "dlq-reason";
    public static final String DETAIL = "dlq-detail";
    public static final String TOPIC = "dlq-topic";
    public static final String PARTITION = "dlq-partition";
    public static final String OFFSET = "dlq-offset";
    public static final String AT = "dlq-at";

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    private static final int MAX_DETAIL = 1000;

    private final EventPublisher publisher;
    private final String topic;
    private final MeterRegistry meters;
    private final Clock clock;

    public DeadLetters(EventPublisher publisher, EventsConfig config, MeterRegistry meters, Clock clock) {
        this.publisher = publisher;
        this.topic = config.deadLetterTopic();
        this.meters = meters;
        this.clock = clock;
    }

    public Uni<Void> send(String consumer, ConsumerRecord<String, String> record, String reason, String detail) {
        RecordHeaders headers = new RecordHeaders();
        for (Header h : record.headers()) {
            if (!h.key().startsWith("dlq-")) {
                headers.add(h);
            }
        }
        String shown = detail == null ? "" : detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) + "..." : detail;
        headers.add(CONSUMER, bytes(consumer)).add(REASON, bytes(reason)).add(DETAIL, bytes(shown))
                .add(TOPIC, bytes(record.topic())).add(PARTITION, bytes(String.valueOf(record.partition())))
                .add(OFFSET, bytes(String.valueOf(record.offset()))).add(AT, bytes(clock.instant().toString()));
        return publisher.send(topic, record.key(), record.value(), headers)
                .invoke(() -> {
                    meters.counter("exchange.events.dead.lettered", "consumer", consumer, "reason", reason).increment();
                    LOG.warnf("dead-lettered %s@%d/%d for %s: %s: %s", record.topic(), record.partition(),
                            record.offset(), consumer, reason, shown);
                });
    }

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }
}

package org.exchange.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;

/** Reads a dead-letter topic as an operator would ({@code ./exchange dlq}), for tests. */
public final class DeadLetterTopic {

    /** One dead letter: its value and every header (dlq-consumer, dlq-reason, dlq-topic, ...). */
    public record Letter(String key, String value, Map<String, String> headers) {
        public String reason() {
            return headers.get("dlq-reason");
        }
    }

    private DeadLetterTopic() {
    }

    /** Waits up to {@code timeout} until {@code count} letters matching {@code which} were read; returns them. */
    public static List<Letter> await(String topic, Predicate<Letter> which, int count, Duration timeout) {
        return await(TestKafka.client(TestKafka.TESTER), topic, which, count, timeout);
    }

    /** The same, read as the principal of {@code client} (a real stack's dead letters: its super user). */
    public static List<Letter> await(java.util.Properties client, String topic, Predicate<Letter> which, int count,
                                     Duration timeout) {
        List<Letter> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = TestKafka.consumer(client, "dlq-reader-" + java.util.UUID.randomUUID())) {
            List<org.apache.kafka.common.TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Instant deadline = Instant.now().plus(timeout);
            while (found.size() < count && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    Map<String, String> headers = new TreeMap<>();
                    for (Header h : r.headers()) {
                        headers.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
                    }
                    Letter letter = new Letter(r.key(), r.value(), headers);
                    if (which.test(letter)) {
                        found.add(letter);
                    }
                }
            }
        }
        return found;
    }
}

package org.exchange.kit.events;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.StringSerializer;
import org.exchange.kit.config.EventsConfig;
import org.jboss.logging.Logger;

/**
 * The one Kafka producer of a service: the outbox relay publishes through it and consumers
 * dead-letter through it. Idempotent ({@code acks=all}, {@code enable.idempotence=true}), with
 * the connection settings every Kafka client of the service shares ({@code kafka.*}) and
 * {@code exchange.events.producer.*} on top.
 * <p>
 * A plain Kafka producer rather than a messaging channel, so that what a send does is explicit:
 * the returned Uni completes when the broker acknowledged the record, fails when the producer
 * gives up ({@code delivery.timeout.ms}), and fails too if no answer came within
 * {@code exchange.events.send-timeout}: then the producer is closed and a fresh one made, so a
 * producer that lost track of its sends after a broker crash can never stall the outbox for good.
 * {@code send()} may block for metadata ({@code max.block.ms}), so it runs on a thread of its own,
 * never on the event loop.
 */
@ApplicationScoped
public class EventPublisher {

    private static final Logger LOG = Logger.getLogger(EventPublisher.class);

    private final Map<String, Object> settings;
    private final Duration sendTimeout;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "event-publisher");
        t.setDaemon(true);
        return t;
    });
    private volatile KafkaProducer<String, String> producer;

    public EventPublisher(@Identifier("default-kafka-broker") Map<String, Object> kafka, EventsConfig config) {
        Map<String, Object> s = new HashMap<>(kafka);
        s.put("acks", "all");
        s.put("enable.idempotence", "true");
        s.put("delivery.timeout.ms", "15000");
        s.put("request.timeout.ms", "5000");
        s.put("max.block.ms", "5000");
        s.put("linger.ms", "1");
        s.putAll(config.producer());
        s.put("key.serializer", StringSerializer.class.getName());
        s.put("value.serializer", StringSerializer.class.getName());
        s.putIfAbsent("client.id", "events-" + kafka.getOrDefault("client.id", "publisher"));
        this.settings = Map.copyOf(s);
        this.sendTimeout = config.sendTimeout();
    }

    /** Sends one record; completes once the broker acknowledged it. */
    public Uni<Void> send(String topic, String key, String value, Headers headers) {
        return Uni.createFrom().<Void>emitter(done -> sender.execute(() -> {
                    try {
                        producer().send(new ProducerRecord<>(topic, null, key, value, headers), (metadata, error) -> {
                            if (error == null) {
                                done.complete(null);
                            } else {
                                done.fail(error);
                            }
                        });
                    } catch (RuntimeException e) {
                        done.fail(e);
                    }
                }))
                .ifNoItem().after(sendTimeout).failWith(() -> {
                    renew();
                    return new TimeoutException("no acknowledgement for a record to " + topic + " within " + sendTimeout
                            + "; the producer is renewed");
                });
    }

    private KafkaProducer<String, String> producer() {
        KafkaProducer<String, String> p = producer;
        if (p == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = new KafkaProducer<>(new HashMap<>(settings));
                }
                p = producer;
            }
        }
        return p;
    }

    private synchronized void renew() {
        KafkaProducer<String, String> old = producer;
        producer = null;
        if (old != null) {
            LOG.warn("closing a Kafka producer that stopped answering; the next send makes a new one");
            sender.execute(() -> old.close(Duration.ZERO));
        }
    }

    void stop(@Observes ShutdownEvent event) {
        KafkaProducer<String, String> p = producer;
        if (p != null) {
            p.close(Duration.ofSeconds(5));
        }
        sender.shutdown();
    }
}

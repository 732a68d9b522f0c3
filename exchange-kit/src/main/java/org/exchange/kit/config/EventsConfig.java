package org.exchange.kit.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;

/** {@code exchange.events.*}: trusted publishers, retention (defaults: the kit's microprofile-config.properties). */
@ConfigMapping(prefix = "exchange.events")
public interface EventsConfig {

    /** The public topic this service publishes (its outbox may hold no other, but for the test prefix). */
    String publishes();

    /** Where this service's consumers dead-letter what they will not apply. */
    String deadLetterTopic();

    /** Producer settings on top of the shared {@code kafka.*} ones (e.g. compression.type, max.request.size). */
    Map<String, String> producer();

    /** A send not acknowledged within this fails, and the producer is renewed (EventPublisher). */
    @WithDefault("PT30S")
    Duration sendTimeout();

    /** Per publisher (its service name): where its JWKS is; http(s), file: or classpath:. */
    Map<String, Publisher> publishers();

    /** An unknown key id makes one fresh fetch of its publisher's keys at most this often. */
    @WithDefault("PT10S")
    Duration refetchInterval();

    /** Published outbox rows are deleted after this. */
    Duration outboxRetention();

    /** Consumers' dedup rows are deleted after this: longer than any topic keeps a record. */
    Duration dedupRetention();

    /** How often the purge runs (a scheduler expression, e.g. 10m). */
    @WithDefault("10m")
    String purgeInterval();

    @WithDefault("5000")
    int purgeBatch();

    @WithDefault("10s")
    String brokerProbeInterval();

    @WithDefault("5s")
    String backlogInterval();

    interface Publisher {
        String keysUrl();
    }
}

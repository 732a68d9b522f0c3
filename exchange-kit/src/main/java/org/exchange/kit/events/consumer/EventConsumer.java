package org.exchange.kit.events.consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.exchange.kit.db.DbFailures;
import org.exchange.contract.events.EventEnvelope;
import org.exchange.contract.events.EventHeaders;
import org.exchange.contract.events.EventSchemas;
import org.exchange.contract.events.EventTypes;
import org.exchange.kit.events.ProcessedEvents;
import org.exchange.contract.events.Topics;
import org.exchange.contract.signing.Ed25519;
import org.exchange.kit.events.signing.PublisherKeys;
import org.exchange.kit.service.ExchangeException;
import org.jboss.logging.Logger;

/**
 * The one way every consumer handles a record (docs/events.md, "Consumers trust nothing"):
 * <ol>
 *   <li>parse: a JSON CloudEvents envelope of a type in the contract, on the topic that type
 *       belongs to, whose {@code source} owns that topic, keyed by its {@code subject};</li>
 *   <li>validate it against the published schema of its type;</li>
 *   <li>check the publisher's Ed25519 signature over the record's exact bytes with a key the
 *       publisher itself publishes;</li>
 *   <li>where the consumer cannot take the event on trust, confirm it with the publisher (its
 *       route's confirmation, e.g. payout asks pricing for the purchase it is about to book);</li>
 *   <li>in one transaction: record the event id (a repeat stops here) and run the handler.</li>
 * </ol>
 * A record that fails a check, or that its handler rejects, goes to the dead-letter topic with
 * the reason and the consumer moves on. A transient failure (database, broker or publisher out of
 * reach) is retried until it passes, never dead-lettered; an unexpected one is retried a few times
 * and then dead-lettered, so that no record can stop the consumer. Types the consumer has no
 * handler for are acknowledged untouched.
 */
public final class EventConsumer {

    record Route<T>(Class<T> dataType, EventHandler<T> confirmation, EventHandler<T> handler) {
    }

    private record Parsed(EventEnvelope event, Object data, Route<?> route, String keyId, String signature) {
    }

    private static final Logger LOG = Logger.getLogger(EventConsumer.class);
    static final int UNEXPECTED_ATTEMPTS = 3;

    private final String name;
    private final String topic;
    private final String owner;
    private final Map<String, Route<?>> routes;
    private final ObjectMapper mapper;
    private final PublisherKeys keys;
    private final ProcessedEvents processed;
    private final DeadLetters deadLetters;
    private final MeterRegistry meters;

    EventConsumer(String name, String topic, Map<String, Route<?>> routes, ObjectMapper mapper, PublisherKeys keys,
                  ProcessedEvents processed, DeadLetters deadLetters, MeterRegistry meters) {
        this.owner = Topics.ownerOf(topic);
        if (owner == null) {
            throw new IllegalArgumentException(topic + " is not a public topic");
        }
        this.name = name;
        this.topic = topic;
        this.routes = routes;
        this.mapper = mapper;
        this.keys = keys;
        this.processed = processed;
        this.deadLetters = deadLetters;
        this.meters = meters;
    }

    public String name() {
        return name;
    }

    /** Handles one record; completes once it is applied, skipped or dead-lettered (never fails). */
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        Context context = Vertx.currentContext();
        Executor onContext = context == null ? Runnable::run : command -> context.runOnContext(ignored -> command.run());
        Parsed parsed;
        try {
            parsed = parse(record);
        } catch (EventRejected e) {
            return deadLetter(record, e.reason(), e.getMessage());
        }
        if (parsed == null) {
            count("ignored");
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().deferred(() -> verify(parsed, record).chain(() -> confirm(parsed)).emitOn(onContext)
                        .chain(() -> apply(parsed)))
                .runSubscriptionOn(onContext)
                .onFailure(EventConsumer::isTransient).invoke(e -> retrying("transient", record, e))
                .onFailure(EventConsumer::isTransient).retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(30))
                .indefinitely()
                .onFailure(e -> !(e instanceof EventRejected)).invoke(e -> retrying("unexpected", record, e))
                .onFailure(e -> !(e instanceof EventRejected)).retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(2))
                .atMost(UNEXPECTED_ATTEMPTS - 1)
                .invoke(first -> count(first ? "applied" : "duplicate"))
                .replaceWithVoid()
                .onFailure(EventRejected.class).recoverWithUni(e -> deadLetter(record, ((EventRejected) e).reason(), e.getMessage()))
                .onFailure().recoverWithUni(e -> deadLetter(record, "unexpected",
                        "failed " + UNEXPECTED_ATTEMPTS + " times: " + e));
    }

    // --- 1 and 2: the envelope and its schema ----------------------------------------------------

    private Parsed parse(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            throw new EventRejected("not-json", "the record has no value");
        }
        JsonNode node;
        try {
            node = mapper.readTree(record.value());
        } catch (JsonProcessingException e) {
            throw new EventRejected("not-json", "the value is not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new EventRejected("not-an-envelope", "the value is not a JSON object");
        }
        if (!EventEnvelope.SPEC_VERSION.equals(node.path("specversion").asText(null))) {
            throw new EventRejected("not-an-envelope", "not a CloudEvents " + EventEnvelope.SPEC_VERSION
                    + " event (specversion " + node.path("specversion") + ")");
        }
        String type = node.path("type").asText(null);
        String home = EventTypes.topicOf(type);
        if (home == null) {
            throw new EventRejected("unknown-type", "event type " + node.path("type") + " is not in the contract");
        }
        if (!home.equals(topic)) {
            throw new EventRejected("wrong-topic", type + " belongs on " + home + ", not " + topic);
        }
        String source = node.path("source").asText(null);
        if (!owner.equals(source)) {
            throw new EventRejected("wrong-source", topic + " carries only events of " + owner + ", not of "
                    + node.path("source"));
        }
        Route<?> route = routes.get(type);
        if (route == null) {
            return null;
        }
        List<String> problems = EventSchemas.problems(type, node);
        if (!problems.isEmpty()) {
            throw new EventRejected("schema", String.join("; ", problems.subList(0, Math.min(5, problems.size()))));
        }
        if (record.key() == null || !record.key().equals(node.path("subject").asText())) {
            throw new EventRejected("key-mismatch", "the record key " + record.key() + " is not the event's subject "
                    + node.path("subject"));
        }
        String keyId = header(record, EventHeaders.KEY_ID);
        String signature = header(record, EventHeaders.SIGNATURE);
        if (keyId == null || signature == null) {
            throw new EventRejected("unsigned", "the record has no " + EventHeaders.KEY_ID + " and "
                    + EventHeaders.SIGNATURE + " headers");
        }
        try {
            EventEnvelope event = mapper.treeToValue(node, EventEnvelope.class);
            return new Parsed(event, mapper.treeToValue(event.data(), route.dataType()), route, keyId, signature);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new EventRejected("schema", "the data cannot be read as " + type + ": " + e.getMessage());
        }
    }

    // --- 3: the publisher's signature ------------------------------------------------------------

    private Uni<Void> verify(Parsed parsed, ConsumerRecord<String, String> record) {
        return keys.key(owner, parsed.keyId()).map(key -> {
            PublicKey publicKey = key.orElseThrow(() -> new EventRejected("unknown-key", "key " + parsed.keyId()
                    + " is not one of the keys " + owner + " publishes"));
            byte[] signature;
            try {
                signature = Ed25519.fromBase64url(parsed.signature());
            } catch (IllegalArgumentException e) {
                throw new EventRejected("bad-signature", "the signature is not base64url");
            }
            if (!Ed25519.verify(publicKey, record.value().getBytes(StandardCharsets.UTF_8), signature)) {
                throw new EventRejected("bad-signature", "the signature does not verify with " + owner + "'s key "
                        + parsed.keyId() + ": the record was not written, or was changed after, by " + owner);
            }
            return null;
        }).replaceWithVoid();
    }

    // --- 4: what the consumer cannot take on trust, confirmed with the publisher ------------------

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Uni<Void> confirm(Parsed parsed) {
        EventHandler confirmation = parsed.route().confirmation();
        if (confirmation == null) {
            return Uni.createFrom().voidItem();
        }
        return ((Uni<Outcome>) confirmation.handle(parsed.event(), parsed.data())).map(outcome -> {
            if (outcome instanceof Outcome.Rejected rejected) {
                throw new EventRejected(rejected.reason(), rejected.detail());
            }
            return null;
        }).replaceWithVoid();
    }

    // --- 5: dedup and the handler, in one transaction --------------------------------------------

    /** Emits true when applied now, false when the event id was seen before. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private Uni<Boolean> apply(Parsed parsed) {
        EventEnvelope event = parsed.event();
        EventHandler handler = parsed.route().handler();
        return Panache.withTransaction(() -> processed.firstDelivery(name, event.id()).chain(first -> {
            if (!first) {
                return Uni.createFrom().item(false);
            }
            return ((Uni<Outcome>) handler.handle(event, parsed.data())).map(outcome -> {
                if (outcome instanceof Outcome.Rejected rejected) {
                    throw new EventRejected(rejected.reason(), rejected.detail()); // rolls the dedup row back too
                }
                return true;
            });
        }));
    }

    // --- what follows ---------------------------------------------------------------------------

    private Uni<Void> deadLetter(ConsumerRecord<String, String> record, String reason, String detail) {
        return Uni.createFrom().deferred(() -> deadLetters.send(name, record, reason, detail))
                .onFailure().invoke(e -> LOG.warnf("%s cannot dead-letter %s@%d/%d yet, retrying: %s", name,
                        record.topic(), record.partition(), record.offset(), e.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(30)).indefinitely();
    }

    private void retrying(String kind, ConsumerRecord<String, String> record, Throwable e) {
        meters.counter("exchange.events.retries", "consumer", name, "kind", kind).increment();
        LOG.warnf("%s: %s failure applying %s@%d/%d, retrying: %s", name, kind, record.topic(), record.partition(),
                record.offset(), e.toString());
    }

    private void count(String outcome) {
        meters.counter("exchange.events.consumed", "consumer", name, "outcome", outcome).increment();
    }

    private static boolean isTransient(Throwable e) {
        return !(e instanceof EventRejected) && (e instanceof PublisherKeys.KeysUnavailable || DbFailures.isTransient(e)
                || e instanceof ExchangeException x && x.kind() == ExchangeException.Kind.UNAVAILABLE);
    }

    private static String header(ConsumerRecord<String, String> record, String key) {
        Header h = record.headers().lastHeader(key);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}

package org.exchange.payout.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.exchange.contract.events.EventEnvelope;
import org.exchange.contract.events.EventTypes;
import org.exchange.contract.events.data.CohortMember;
import org.exchange.contract.events.data.Cohorts;
import org.exchange.contract.events.data.PurchaseCohort;
import org.exchange.contract.events.data.PurchaseCompleted;
import org.exchange.contract.events.data.PurchaseRefunded;
import org.exchange.payout.client.PricingApi;
import org.exchange.testing.DeadLetterTopic;
import org.exchange.testing.Rows;
import org.exchange.testing.TestEvents;
import org.exchange.testing.TestKafka;

/** Builds pricing events the way pricing-service publishes them, and reads the ledger back (with test-support's Rows). */
public final class Fixtures {

    public static final ObjectMapper MAPPER = TestEvents.MAPPER;
    /** The topic payout's consumer reads in tests (application.properties). */
    public static final String TOPIC = "test.payout-service.pricing.events";
    /** Where payout's consumer dead-letters in tests. */
    public static final String DEAD_LETTERS = "test.dlq.payout-service";
    /** The consumer's name, in every dead letter's dlq-consumer header. */
    public static final String CONSUMER = "payout.purchases";
    public static final String PRICING = "pricing-service";

    private Fixtures() {
    }

    public record Member(String subjectId, long records) {
    }

    /**
     * A purchase and the events announcing it: its cohort chunks, then completed. {@code cohort}
     * is the pinned cohort as sent (chunk 0 first), {@code cohortRoot} pricing's commitment to it.
     */
    public record Purchase(String id, String quoteId, String consumerId, String providerId, String datasetId,
                           String purpose, long amount, String currency, List<Member> members,
                           List<CohortMember> cohort, String cohortRoot, Instant at, List<EventEnvelope> chunks,
                           EventEnvelope completed) {

        public List<EventEnvelope> events() {
            List<EventEnvelope> all = new ArrayList<>(chunks);
            all.add(completed);
            return all;
        }

        public long records() {
            return members.stream().mapToLong(Member::records).sum();
        }

        /** A new {@code purchase.refunded} of the whole purchase (pricing must have refunded it to be booked). */
        public EventEnvelope refunded() {
            return envelope(EventTypes.PURCHASE_REFUNDED, id,
                    new PurchaseRefunded(id, consumerId, amount, currency, "test refund", Instant.now()));
        }

        /** The purchase as pricing-service holds it ({@code GET /internal/purchases/{id}}). */
        public PricingApi.PurchaseRecord record() {
            return new PricingApi.PurchaseRecord(id, quoteId, consumerId, providerId, datasetId, purpose, amount,
                    currency, members.size(), records(), "COMPLETED", cohortRoot, at, null);
        }
    }

    public static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    /** Purchase ids are pricing's UUIDs (the event schemas require it). */
    public static String purchaseId() {
        return UUID.randomUUID().toString();
    }

    public static Purchase purchase(long amount, List<Member> members, int chunkSize) {
        return purchase(purchaseId(), id("consumer"), id("provider"), amount, members, chunkSize, "EUR");
    }

    public static Purchase purchase(String purchaseId, String consumerId, String providerId, long amount,
                                    List<Member> members, int chunkSize, String currency) {
        List<CohortMember> cohort = new ArrayList<>(members.size());
        for (Member m : members) {
            cohort.add(new CohortMember(m.subjectId(), m.records(), UUID.randomUUID().toString(), 1));
        }
        List<EventEnvelope> chunks = chunks(purchaseId, cohort, chunkSize);
        String root = Cohorts.root(cohort);
        String quoteId = UUID.randomUUID().toString();
        String datasetId = id("dataset");
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        long records = members.stream().mapToLong(Member::records).sum();
        EventEnvelope completed = envelope(EventTypes.PURCHASE_COMPLETED, purchaseId, new PurchaseCompleted(purchaseId,
                quoteId, consumerId, providerId, datasetId, 1, "ai-training", amount, currency, members.size(), records,
                chunks.size(), root, at));
        return new Purchase(purchaseId, quoteId, consumerId, providerId, datasetId, "ai-training", amount, currency,
                List.copyOf(members), List.copyOf(cohort), root, at, chunks, completed);
    }

    /** {@code cohort} as pricing sends it: {@code purchase.cohort} events of up to {@code chunkSize} members, in order. */
    public static List<EventEnvelope> chunks(String purchaseId, List<CohortMember> cohort, int chunkSize) {
        List<EventEnvelope> chunks = new ArrayList<>();
        int n = (cohort.size() + chunkSize - 1) / chunkSize;
        for (int c = 0; c < n; c++) {
            List<CohortMember> part = List.copyOf(cohort.subList(c * chunkSize, Math.min(cohort.size(), (c + 1) * chunkSize)));
            chunks.add(envelope(EventTypes.PURCHASE_COHORT, purchaseId, new PurchaseCohort(purchaseId, c, n, part)));
        }
        return chunks;
    }

    public static EventEnvelope envelope(String type, String key, Object data) {
        return TestEvents.envelope(type, PRICING, key, data);
    }

    /** The event with its {@code data} changed as {@code change} says, under a new event id. */
    public static EventEnvelope withData(EventEnvelope e, Consumer<ObjectNode> change) {
        ObjectNode data = e.data().deepCopy();
        change.accept(data);
        return EventEnvelope.of(UUID.randomUUID().toString(), e.type(), e.source(), e.time(), e.subject(), data);
    }

    /** The same event under a new id, as a producer that re-sends after a timeout would. */
    public static EventEnvelope resentUnderNewId(EventEnvelope e) {
        return TestEvents.resentUnderNewId(e);
    }

    public static String json(EventEnvelope e) {
        return TestEvents.json(e);
    }

    /** Runs a reactive service call on a Vert.x context (as the Kafka consumer would) and waits. */
    public static <T> T await(Supplier<Uni<T>> call) {
        try {
            return VertxContextSupport.subscribeAndAwait(call);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * The dead letters of the event {@code e} (matched by its id in the record's value), waiting
     * up to {@code timeout} for {@code count} of them.
     */
    public static List<DeadLetterTopic.Letter> deadLetters(EventEnvelope e, int count, Duration timeout) {
        String id = "\"id\":\"" + e.id() + "\"";
        return DeadLetterTopic.await(DEAD_LETTERS, l -> l.value() != null && l.value().contains(id), count, timeout);
    }

    /** The one dead letter of {@code e}; fails when none arrives. */
    public static DeadLetterTopic.Letter deadLetter(EventEnvelope e) {
        List<DeadLetterTopic.Letter> letters = deadLetters(e, 1, Duration.ofSeconds(30));
        if (letters.isEmpty()) {
            throw new AssertionError("no dead letter for " + e.type() + " " + e.id() + " of " + e.subject());
        }
        return letters.get(0);
    }

    /**
     * Every dead letter of payout's consumer matching {@code which} that the topic holds now: reads
     * the dead-letter topic from its beginning to its current end (an in-process delivery returns
     * only once its dead letter is on the broker, so this sees it).
     */
    public static List<DeadLetterTopic.Letter> deadLettersNow(Predicate<DeadLetterTopic.Letter> which) {
        List<DeadLetterTopic.Letter> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = TestKafka.consumer("dlq-scan")) {
            List<TopicPartition> partitions = consumer.partitionsFor(DEAD_LETTERS, Duration.ofSeconds(15)).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(15));
            Instant deadline = Instant.now().plusSeconds(60);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp, Duration.ofSeconds(15)) < end.get(tp))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("could not read " + DEAD_LETTERS + " to its end in 60 s");
                }
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    Map<String, String> headers = new TreeMap<>();
                    for (Header h : r.headers()) {
                        headers.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
                    }
                    DeadLetterTopic.Letter letter = new DeadLetterTopic.Letter(r.key(), r.value(), headers);
                    if (which.test(letter)) {
                        found.add(letter);
                    }
                }
            }
        }
        return found;
    }

    public static long balance(Pool db, String ownerKind, String ownerId, String type) {
        return Rows.count(db, "SELECT coalesce(sum(balance), 0)::bigint FROM account WHERE id = $1",
                ownerKind + ":" + ownerId + ":" + type);
    }

    /** Everything {@code ownerId} holds as {@code ownerKind}, wherever it sits (pending, available, processing, paid out). */
    public static long holdings(Pool db, String ownerKind, String ownerId) {
        return Rows.count(db, "SELECT coalesce(sum(balance), 0)::bigint FROM account WHERE owner_kind = $1 AND owner_id = $2",
                ownerKind, ownerId);
    }

    public static long splits(Pool db, String purchaseId) {
        return Rows.count(db, "SELECT count(*) FROM ledger_tx WHERE kind = 'SPLIT' AND reference = $1", purchaseId);
    }

    /** Whether the consumer recorded the event id (it applied the event, or found it a repeat). */
    public static boolean processed(Pool db, EventEnvelope e) {
        return Rows.count(db, "SELECT count(*) FROM processed_event WHERE consumer = $1 AND event_id = $2", CONSUMER,
                e.id()) == 1;
    }

    /** Waits until no payout is REQUESTED or PROCESSING, so background settlement cannot change what a test compares. */
    public static void awaitPayoutsSettled(Pool db) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                Rows.count(db, "SELECT count(*) FROM payout WHERE status IN ('REQUESTED', 'PROCESSING')") == 0);
    }

    /**
     * A fingerprint of everything money-related about one purchase: its ledger transactions, the
     * postings and balances of its payees' accounts, its status, earnings and events. Tests compare
     * it before and after a rejected event. Scoped to the purchase, because the background jobs
     * release and settle what other tests left behind at any moment.
     */
    public static String ledgerStateOf(Pool db, Purchase p) {
        List<String> owners = new ArrayList<>(List.of(p.consumerId(), p.providerId()));
        p.members().forEach(m -> owners.add(m.subjectId()));
        return Rows.first(db, """
                SELECT (SELECT count(*) FROM ledger_tx WHERE reference = $1) || '/'
                    || (SELECT count(*) FROM posting JOIN account a ON a.id = posting.account_id WHERE a.owner_id = ANY($2)) || '/'
                    || (SELECT coalesce(sum(abs(balance)), 0) FROM account WHERE owner_id = ANY($2)) || '/'
                    || coalesce((SELECT status FROM purchase WHERE id = $1), 'none') || '/'
                    || (SELECT count(*) FROM earning WHERE purchase_id = $1) || '/'
                    || (SELECT count(*) FROM outbox WHERE payload LIKE '%' || $1 || '%')""",
                p.id(), owners.toArray(new String[0])).getString(0);
    }
}

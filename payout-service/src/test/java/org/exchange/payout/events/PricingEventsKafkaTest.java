package org.exchange.payout.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.exchange.payout.testing.Fixtures.balance;
import static org.exchange.testing.Rows.count;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.exchange.contract.events.EventEnvelope;
import org.exchange.contract.events.EventHeaders;
import org.exchange.contract.signing.Ed25519;
import org.exchange.payout.service.LedgerVerifier;
import org.exchange.payout.testing.FakePricing;
import org.exchange.payout.testing.Fixtures;
import org.exchange.payout.testing.Funds;
import org.exchange.testing.DeadLetterTopic;
import org.exchange.testing.EventSchemas;
import org.exchange.testing.TestEvents;
import org.exchange.testing.TestKafka;
import org.junit.jupiter.api.Test;

/** Through the real broker: pricing.events in (duplicated, replayed, forged), payout.events out. */
@QuarkusTest
class PricingEventsKafkaTest {

    static final String TOPIC = Fixtures.TOPIC;

    @Inject
    Pool db;

    @Inject
    Funds funds;

    @Inject
    FakePricing pricing;

    @Inject
    LedgerVerifier verifier;

    static void send(KafkaProducer<String, String> producer, EventEnvelope e) throws Exception {
        producer.send(TestEvents.record(TOPIC, e)).get();
    }

    /**
     * A repeat of the purchase's first chunk under a new event id, with the purchase's key: the
     * consumer records its id (the chunk itself is already staged), and once it has, everything
     * sent before it on that key (same partition, in order) was handled too.
     */
    void sendSentinelAndAwait(KafkaProducer<String, String> producer, Fixtures.Purchase p) throws Exception {
        EventEnvelope sentinel = Fixtures.resentUnderNewId(p.chunks().get(0));
        send(producer, sentinel);
        await().atMost(Duration.ofSeconds(60)).until(() -> Fixtures.processed(db, sentinel));
    }

    @Test
    void eventsDeliveredManyTimesAndReplayedLaterThroughKafkaSplitTheMoneyOnce() throws Exception {
        List<Fixtures.Member> members = new ArrayList<>();
        Random random = new Random(8);
        for (int i = 0; i < 2_500; i++) {
            members.add(new Fixtures.Member(Fixtures.id("s"), 1 + random.nextInt(100)));
        }
        Fixtures.Purchase p = Fixtures.purchase(1_234_567, members, 1_000);
        pricing.made(p);
        try (KafkaProducer<String, String> producer = TestKafka.producer()) {
            for (EventEnvelope e : p.events()) {
                send(producer, e);
                send(producer, e);                              // redelivered
                send(producer, Fixtures.resentUnderNewId(e));   // re-sent by a retrying producer
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> Fixtures.splits(db, p.id()) == 1);
            // much later, the whole history is replayed (a partner resets offsets, a consumer restarts without commits)
            for (EventEnvelope e : p.events()) {
                send(producer, e);
            }
            sendSentinelAndAwait(producer, p);
        }
        assertThat(count(db, "SELECT count(*) FROM ledger_tx WHERE reference = $1", p.id())).isEqualTo(1);
        assertThat(balance(db, "consumer", p.consumerId(), "funding")).isEqualTo(-1_234_567);
        assertThat(count(db, "SELECT count(*) FROM cohort_member WHERE purchase_id = $1", p.id())).isEqualTo(2_500);
        assertThat(count(db, "SELECT coalesce(sum(e.amount), 0)::bigint FROM earning e WHERE e.purchase_id = $1", p.id()))
                .isEqualTo(1_234_567);
        // repeats are duplicates, not rejections: none of this purchase's events was dead-lettered
        assertThat(Fixtures.deadLettersNow(l -> p.id().equals(l.key()))).isEmpty();
    }

    /**
     * Issue 12: a validly signed, schema-valid purchase.completed (with its cohort) that pricing
     * never made, for 1,000,000,000 minor units naming a real subject. It is dead-lettered as
     * unconfirmed, nobody is credited, and the consumer goes on to the next purchase.
     */
    @Test
    void aPurchasePricingNeverMadeIsDeadLetteredAsUnconfirmedCreditsNobodyAndTheConsumerGoesOn() throws Exception {
        String victim = Fixtures.id("subject");
        funds.available(victim, 10_000); // a real subject, with a real balance: 7,000 available
        long victimBefore = Fixtures.holdings(db, "subject", victim);

        Fixtures.Purchase forged = Fixtures.purchase(1_000_000_000L, List.of(new Fixtures.Member(victim, 10)), 10);
        Fixtures.Purchase next = Fixtures.purchase(5_000, List.of(new Fixtures.Member(Fixtures.id("subject"), 10)), 10);
        pricing.made(next); // only the next one is a purchase pricing made
        String forgedBefore = Fixtures.ledgerStateOf(db, forged);
        try (KafkaProducer<String, String> producer = TestKafka.producer()) {
            for (EventEnvelope e : forged.events()) {
                send(producer, e);
            }
            for (EventEnvelope e : next.events()) {
                send(producer, e);
            }
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> Fixtures.splits(db, next.id()) == 1);
        DeadLetterTopic.Letter letter = Fixtures.deadLetter(forged.completed());
        assertThat(letter.reason()).isEqualTo("unconfirmed");
        assertThat(letter.key()).isEqualTo(forged.id());
        assertThat(letter.headers()).containsEntry("dlq-consumer", Fixtures.CONSUMER)
                .containsEntry("dlq-topic", TOPIC).containsKeys("dlq-partition", "dlq-offset");
        assertThat(letter.headers().get("dlq-detail")).contains(forged.id());
        // the dead letter is the record as received, still carrying pricing's signature for a replay
        assertThat(letter.value()).isEqualTo(Fixtures.json(forged.completed()));
        assertThat(letter.headers()).containsKeys(EventHeaders.KEY_ID, EventHeaders.SIGNATURE);

        assertThat(Fixtures.ledgerStateOf(db, forged)).isEqualTo(forgedBefore);
        assertThat(Fixtures.holdings(db, "subject", victim)).as("the named subject got nothing").isEqualTo(victimBefore);
        assertThat(balance(db, "subject", victim, "pending")).isZero();
        assertThat(balance(db, "consumer", forged.consumerId(), "funding")).isZero();
        assertThat(balance(db, "provider", forged.providerId(), "pending")).isZero();
        assertThat(count(db, "SELECT count(*) FROM earning WHERE purchase_id = $1", forged.id())).isZero();
        assertThat(Fixtures.processed(db, forged.completed())).isFalse();
        // and the purchase pricing made right after it is split as usual
        assertThat(balance(db, "consumer", next.consumerId(), "funding")).isEqualTo(-5_000);
        assertThat(balance(db, "subject", next.members().get(0).subjectId(), "pending")).isEqualTo(3_500);
        LedgerVerifier.Report report = Fixtures.await(() -> verifier.verify());
        assertThat(report.discrepancies()).isEmpty();
        assertThat(report.balanced()).isTrue();
        RestAssured.get("/q/health/live").then().statusCode(200);
    }

    @Test
    void creditedEarningsArePublishedToPayoutEventsKeyedByPayeeSignedAndMatchTheSchema() throws Exception {
        String subject = Fixtures.id("subject");
        Fixtures.Purchase p = funds.available(subject, 4_321);

        List<JsonNode> mine = new ArrayList<>();
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = TestKafka.consumer("payout-test")) {
            consumer.subscribe(List.of("test.payout.events"));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (subject.equals(r.key())) {
                        assertThat(EventSchemas.problems(r.value())).as(r.value()).isEmpty();
                        mine.add(Fixtures.MAPPER.readTree(r.value()));
                        records.add(r);
                    }
                }
                return !mine.isEmpty();
            });
        }
        JsonNode credited = mine.get(0);
        assertThat(credited.get("type").asText()).isEqualTo("earnings.credited");
        assertThat(credited.get("source").asText()).isEqualTo("payout-service");
        assertThat(credited.get("subject").asText()).isEqualTo(subject);
        assertThat(credited.get("specversion").asText()).isEqualTo("1.0");
        assertThat(credited.get("dataversion").asInt()).isEqualTo(1);
        assertThat(credited.at("/data/purchaseId").asText()).isEqualTo(p.id());
        assertThat(credited.at("/data/buyerId").asText()).isEqualTo(p.consumerId());
        assertThat(credited.at("/data/amount").asLong()).isEqualTo(Funds.subjectShare(4_321));
        assertThat(credited.at("/data/ownerKind").asText()).isEqualTo("subject");

        // signed by payout-service over the exact bytes, verifiable with the key it publishes
        JsonNode key = Fixtures.MAPPER.readTree(RestAssured.get("/api/events/keys").then().statusCode(200)
                .extract().asString()).get("keys").get(0);
        PublicKey publicKey = Ed25519.publicKey(Ed25519.fromBase64url(key.get("x").asText()));
        ConsumerRecord<String, String> r = records.get(0);
        assertThat(header(r, EventHeaders.KEY_ID)).isEqualTo(key.get("kid").asText());
        byte[] signature = Ed25519.fromBase64url(header(r, EventHeaders.SIGNATURE));
        assertThat(Ed25519.verify(publicKey, r.value().getBytes(StandardCharsets.UTF_8), signature)).isTrue();
        String changed = r.value().replace("\"amount\":" + Funds.subjectShare(4_321), "\"amount\":" + 4_321);
        assertThat(changed).isNotEqualTo(r.value());
        assertThat(Ed25519.verify(publicKey, changed.getBytes(StandardCharsets.UTF_8), signature)).isFalse();
    }

    static String header(ConsumerRecord<String, String> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}

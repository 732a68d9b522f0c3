package org.exchange.payout.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.exchange.payout.testing.Fixtures.balance;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.exchange.contract.events.EventEnvelope;
import org.exchange.contract.events.EventTypes;
import org.exchange.payout.service.LedgerVerifier;
import org.exchange.payout.testing.FakePricing;
import org.exchange.payout.testing.Fixtures;
import org.exchange.testing.DeadLetterTopic;
import org.exchange.testing.Poison;
import org.exchange.testing.TestEvents;
import org.exchange.testing.TestKafka;
import org.junit.jupiter.api.Test;

/**
 * Through the real broker: every kind of record the consumer must not apply (malformed, foreign,
 * unsigned, forged), made from a purchase.completed pricing really made, goes to the dead-letter
 * topic with its reason, books nothing, and does not stop the consumer: a valid purchase sent after
 * all of them is split, and so is the attacked purchase once its genuine events come.
 */
@QuarkusTest
class PoisonRecordsTest {

    @Inject
    FakePricing pricing;

    @Inject
    LedgerVerifier verifier;

    @Inject
    Pool db;

    @Test
    void poisonAndForgedPurchaseRecordsAreDeadLetteredBookNothingAndTheConsumerGoesOn() throws Exception {
        Fixtures.Purchase attacked = Fixtures.purchase(9_000, List.of(new Fixtures.Member(Fixtures.id("subject"), 7)), 10);
        Fixtures.Purchase next = Fixtures.purchase(6_000, List.of(new Fixtures.Member(Fixtures.id("subject"), 3)), 10);
        pricing.made(attacked); // every poison record is built from an event that would otherwise be booked
        pricing.made(next);
        String before = Fixtures.ledgerStateOf(db, attacked);

        List<Poison.Case> cases = Poison.of(Fixtures.TOPIC, attacked.completed(), EventTypes.CONSENT_GRANTED);
        try (KafkaProducer<String, String> producer = TestKafka.producer()) {
            for (EventEnvelope chunk : attacked.chunks()) {
                producer.send(TestEvents.record(Fixtures.TOPIC, chunk)).get(); // staged: only completed would book it
            }
            for (Poison.Case c : cases) {
                producer.send(c.record()).get();
            }
            for (EventEnvelope e : next.events()) {
                producer.send(TestEvents.record(Fixtures.TOPIC, e)).get();
            }
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> Fixtures.splits(db, next.id()) == 1);
        List<DeadLetterTopic.Letter> letters = DeadLetterTopic.await(Fixtures.DEAD_LETTERS,
                l -> l.key() != null && l.key().startsWith(attacked.id()), cases.size(), Duration.ofSeconds(60));
        assertThat(letters).extracting(DeadLetterTopic.Letter::reason)
                .containsExactlyInAnyOrderElementsOf(cases.stream().map(Poison.Case::reason).toList());
        assertThat(letters).allSatisfy(l -> assertThat(l.headers()).containsEntry("dlq-consumer", Fixtures.CONSUMER)
                .containsEntry("dlq-topic", Fixtures.TOPIC).containsKeys("dlq-partition", "dlq-offset", "dlq-detail"));

        // nothing of the attacked purchase was booked, and its event id was not used up by a forgery
        assertThat(Fixtures.ledgerStateOf(db, attacked)).isEqualTo(before);
        assertThat(Fixtures.processed(db, attacked.completed())).isFalse();
        RestAssured.get("/q/health/live").then().statusCode(200);
        RestAssured.get("/q/metrics").then()
                .body(containsString("exchange_events_dead_lettered_total{consumer=\"payout.purchases\",reason=\"bad-signature\"}"))
                .body(containsString("exchange_events_dead_lettered_total{consumer=\"payout.purchases\",reason=\"unsigned\"}"));

        // the next purchase was split as usual; the attacked one is, once its genuine event arrives
        assertThat(balance(db, "consumer", next.consumerId(), "funding")).isEqualTo(-6_000);
        try (KafkaProducer<String, String> producer = TestKafka.producer()) {
            producer.send(TestEvents.record(Fixtures.TOPIC, attacked.completed())).get();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> Fixtures.splits(db, attacked.id()) == 1);
        assertThat(balance(db, "consumer", attacked.consumerId(), "funding")).isEqualTo(-9_000);
        assertThat(balance(db, "subject", attacked.members().get(0).subjectId(), "pending")).isEqualTo(6_300);
        LedgerVerifier.Report report = Fixtures.await(() -> verifier.verify());
        assertThat(report.discrepancies()).isEmpty();
        assertThat(report.balanced()).isTrue();
    }
}

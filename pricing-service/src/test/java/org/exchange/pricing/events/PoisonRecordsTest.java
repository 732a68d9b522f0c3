package org.exchange.pricing.events;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.mutiny.sqlclient.Row;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.exchange.contract.events.EventEnvelope;
import org.exchange.contract.events.EventTypes;
import org.exchange.pricing.support.PricingTestBase;
import org.exchange.testing.DeadLetterTopic;
import org.exchange.testing.Poison;
import org.exchange.testing.Rows;
import org.exchange.testing.TestEvents;
import org.exchange.testing.TestKafka;
import org.exchange.testing.Tokens;
import org.junit.jupiter.api.Test;

/**
 * Through the real broker, on both topics pricing consumes: every kind of record a consumer must
 * not apply (malformed, foreign, unsigned, forged) goes to the dead-letter topic with its reason,
 * changes nothing, and does not stop the consumer: a valid event sent after all of them is applied.
 */
@QuarkusTest
class PoisonRecordsTest extends PricingTestBase {

    static List<DeadLetterTopic.Letter> deadLetters(String keyPrefix, List<Poison.Case> cases, String consumer,
                                                   String topic) {
        List<DeadLetterTopic.Letter> letters = DeadLetterTopic.await(ForgedEventsTest.DLQ,
                l -> l.key() != null && l.key().startsWith(keyPrefix), cases.size(), Duration.ofSeconds(90));
        assertThat(letters).extracting(DeadLetterTopic.Letter::reason)
                .containsExactlyInAnyOrderElementsOf(cases.stream().map(Poison.Case::reason).toList());
        assertThat(letters).allSatisfy(l -> assertThat(l.headers()).containsEntry("dlq-consumer", consumer)
                .containsEntry("dlq-topic", topic).containsKeys("dlq-partition", "dlq-offset", "dlq-detail"));
        return letters;
    }

    static void send(List<Poison.Case> cases, EventEnvelope thenValid, String topic) throws Exception {
        try (KafkaProducer<String, String> producer = TestKafka.producer()) {
            for (Poison.Case c : cases) {
                producer.send(c.record()).get();
            }
            producer.send(TestEvents.record(topic, thenValid)).get();
        }
    }

    @Test
    void poisonOnTheCatalogTopicIsDeadLetteredAndTheProjectionGoesOn() throws Exception {
        String attacked = UUID.randomUUID().toString();
        String claimant = newId("forger");
        String next = UUID.randomUUID().toString();
        String owner = newId("provider");
        List<Poison.Case> cases = Poison.of(ForgedEventsTest.CATALOG, ForgedEventsTest.datasetEvent(
                EventTypes.DATASET_PUBLISHED, attacked, claimant, 1, "ai-training"), EventTypes.PAYOUT_PAID);

        send(cases, ForgedEventsTest.datasetEvent(EventTypes.DATASET_PUBLISHED, next, owner, 1, "ai-training"),
                ForgedEventsTest.CATALOG);

        await().atMost(Duration.ofSeconds(60))
                .until(() -> Rows.count(db, "SELECT count(*) FROM dataset_view WHERE dataset_id = $1", next) == 1);
        assertThat(strings("SELECT provider_id FROM dataset_view WHERE dataset_id = $1", next)).containsExactly(owner);
        deadLetters(attacked, cases, "pricing.dataset-projection", ForgedEventsTest.CATALOG);

        assertThat(Rows.count(db, "SELECT count(*) FROM dataset_view WHERE dataset_id = $1", attacked)).isZero();
        ForgedEventsTest.putPriceAs(claimant, attacked, 404);
        ForgedEventsTest.putPriceAs(owner, next, 200);
        RestAssured.get("/q/health/live").then().statusCode(200);
        RestAssured.get("/q/metrics").then().body(containsString(
                "exchange_events_dead_lettered_total{consumer=\"pricing.dataset-projection\",reason=\"bad-signature\"}"));
    }

    @Test
    void poisonOnTheConsentTopicIsDeadLetteredAndWithdrawalsGoOn() throws Exception {
        String provider = newId("provider");
        String ds = dataset(provider, "ai-training");
        List<String> subjects = consentingMembers(ds, 2, 10, "ai-training", null);
        putPrice(provider, ds, priceBody(10, "{}", 0));
        String consumer = newId("consumer");
        String purchase = postPurchase(consumer, "k", quote(consumer, ds, "ai-training"))
                .then().statusCode(201).extract().path("id");
        String attacked = subjects.get(0);
        String withdrawing = subjects.get(1);
        List<Poison.Case> cases = Poison.of(ForgedEventsTest.CONSENT, revocationOf(purchase, attacked, ds),
                EventTypes.PAYOUT_PAID);

        send(cases, revocationOf(purchase, withdrawing, ds), ForgedEventsTest.CONSENT);

        await().atMost(Duration.ofSeconds(60)).until(() -> Rows.count(db, 
                "SELECT count(*) FROM licence_withdrawal WHERE purchase_id = cast($1 as uuid)", purchase) > 0);
        deadLetters(attacked, cases, "pricing.licence-withdrawals", ForgedEventsTest.CONSENT);

        assertThat(strings("SELECT subject_id FROM licence_withdrawal WHERE purchase_id = cast($1 as uuid)", purchase))
                .containsExactly(withdrawing);
        List<String> told = strings("SELECT payload FROM outbox WHERE event_key = $1 "
                + "AND payload LIKE '%licence.consent-withdrawn%'", purchase);
        assertThat(told).singleElement().asString().contains(withdrawing).doesNotContain(attacked + "\"");
        given().auth().oauth2(Tokens.consumer(consumer)).get("/api/purchases/" + purchase + "/withdrawals")
                .then().statusCode(200).body("total", org.hamcrest.Matchers.equalTo(1));
        RestAssured.get("/q/health/live").then().statusCode(200);
        RestAssured.get("/q/metrics").then().body(containsString(
                "exchange_events_dead_lettered_total{consumer=\"pricing.licence-withdrawals\",reason=\"unsigned\"}"));
    }

    /** consent.revoked of the consent that {@code subject}'s membership of {@code purchase} is pinned to. */
    EventEnvelope revocationOf(String purchase, String subject, String datasetId) {
        Row pinned = Rows.first(db, "SELECT consent_id, consent_version FROM purchase_member "
                + "WHERE purchase_id = cast($1 as uuid) AND subject_id = $2", purchase, subject);
        return ForgedEventsTest.revocation(subject, pinned.getString("consent_id"), datasetId,
                pinned.getLong("consent_version") + 1);
    }
}

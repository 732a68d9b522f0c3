package org.exchange.consent.events;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.exchange.contract.events.EventTypes;
import org.exchange.testing.DeadLetterTopic;
import org.exchange.testing.Poison;
import org.exchange.testing.TestEvents;
import org.exchange.testing.TestKafka;
import org.exchange.testing.Tokens;
import org.junit.jupiter.api.Test;

/**
 * Through the real broker: every kind of record the consumer must not apply (malformed, foreign,
 * unsigned, forged) goes to the dead-letter topic with its reason, changes nothing, and does not
 * stop the consumer: a valid withdrawal sent after all of them is still applied.
 */
@QuarkusTest
class PoisonRecordsTest {

    @Test
    void poisonAndForgedWithdrawalsAreDeadLetteredAndTheConsumerGoesOn() throws Exception {
        String subject = "s-" + UUID.randomUUID();
        String attacked = UUID.randomUUID().toString();
        String withdrawn = UUID.randomUUID().toString();
        String keeps = DatasetWithdrawalTest.grant(subject, "datasetId", attacked);
        String goes = DatasetWithdrawalTest.grant(subject, "datasetId", withdrawn);

        List<Poison.Case> cases = Poison.of("test.catalog.events",
                DatasetWithdrawalTest.withdrawal(UUID.randomUUID().toString(), attacked), EventTypes.PAYOUT_PAID);
        try (KafkaProducer<String, String> producer = TestKafka.producer()) {
            for (Poison.Case c : cases) {
                producer.send(c.record()).get();
            }
            producer.send(TestEvents.record("test.catalog.events",
                    DatasetWithdrawalTest.withdrawal(UUID.randomUUID().toString(), withdrawn))).get();
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().auth().oauth2(Tokens.subject(subject)).get("/api/consents/" + goes)
                        .then().body("status", equalTo("INVALIDATED")));
        List<DeadLetterTopic.Letter> letters = DeadLetterTopic.await("test.dlq.consent-service",
                l -> l.key() != null && l.key().startsWith(attacked), cases.size(), Duration.ofSeconds(60));
        assertThat(letters).extracting(DeadLetterTopic.Letter::reason)
                .containsExactlyInAnyOrderElementsOf(cases.stream().map(Poison.Case::reason).toList());
        assertThat(letters).allSatisfy(l -> {
            assertThat(l.headers()).containsEntry("dlq-consumer", "consent.dataset-withdrawals")
                    .containsEntry("dlq-topic", "test.catalog.events").containsKeys("dlq-partition", "dlq-offset", "dlq-detail");
        });

        given().auth().oauth2(Tokens.subject(subject)).get("/api/consents/" + keeps)
                .then().body("status", equalTo("GIVEN")).body("version", equalTo(1));
        RestAssured.get("/q/health/live").then().statusCode(200);
        RestAssured.get("/q/metrics").then()
                .body(containsString("exchange_events_dead_lettered_total{consumer=\"consent.dataset-withdrawals\",reason=\"bad-signature\"}"));
    }
}

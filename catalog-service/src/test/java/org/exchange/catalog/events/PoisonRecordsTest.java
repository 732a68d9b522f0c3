package org.exchange.catalog.events;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.exchange.catalog.ConsentEvents;
import org.exchange.catalog.EventDelivery;
import org.exchange.catalog.Fixtures;
import org.exchange.catalog.PricingEvents;
import org.exchange.contract.events.EventEnvelope;
import org.exchange.contract.events.EventTypes;
import org.exchange.testing.Rows;
import org.exchange.testing.DeadLetterTopic;
import org.exchange.testing.Poison;
import org.exchange.testing.TestEvents;
import org.exchange.testing.TestKafka;
import org.exchange.testing.Tokens;
import org.junit.jupiter.api.Test;

/**
 * Through the real broker (issue 12: one non-JSON record on consent.events stopped the catalog for
 * good, and a restart read it again): every kind of record the catalog must not apply, on both
 * topics it reads, goes to its dead-letter topic with its reason, changes no count and no
 * licence, is committed past (a restart does not read it again), and stops neither consumer:
 * the very events the poison was made from, sent after it, are applied.
 */
@QuarkusTest
class PoisonRecordsTest {

    static final String DEAD_LETTERS = "test.dlq.catalog-service";

    @Inject
    Pool db;

    @ConfigProperty(name = "mp.messaging.incoming.consent-in.group.id")
    String consentGroup;

    @ConfigProperty(name = "mp.messaging.incoming.pricing-in.group.id")
    String pricingGroup;

    @Test
    void poisonOnBothConsumedTopicsIsDeadLetteredWithItsReasonChangesNothingAndTheConsumersGoOn() throws Exception {
        String provider = Fixtures.newProvider();
        String dataset = Fixtures.publish(provider, "Poisoned", List.of("ai-training"));
        String subject = "poison-" + UUID.randomUUID();
        Fixtures.declare(provider, dataset, Fixtures.rows(List.of(subject), 9));
        EventEnvelope grant = ConsentEvents.consent(UUID.randomUUID().toString(), subject, "DATASET", dataset,
                "ai-training", "GIVEN", 1, null);
        String purchase = UUID.randomUUID().toString();
        EventEnvelope bought = PricingEvents.completed(purchase, "consumer-" + UUID.randomUUID(), dataset);

        List<Poison.Case> consentCases = Poison.of(EventDelivery.CONSENT_TOPIC, grant, EventTypes.PAYOUT_PAID);
        List<Poison.Case> pricingCases = Poison.of(EventDelivery.PRICING_TOPIC, bought, EventTypes.PAYOUT_PAID);
        Map<String, Poison.Case> sentAt = new HashMap<>(); // topic/partition/offset -> the case written there
        Map<TopicPartition, Long> last = new HashMap<>();
        try (KafkaProducer<String, String> producer = TestKafka.producer()) {
            for (Poison.Case c : concat(consentCases, pricingCases)) {
                RecordMetadata at = producer.send(c.record()).get();
                sentAt.put(at.topic() + "/" + at.partition() + "/" + at.offset(), c);
                last.merge(new TopicPartition(at.topic(), at.partition()), at.offset(), Math::max);
            }
        }

        // every case is dead-lettered by the consumer of its topic, with its own reason, unchanged
        List<DeadLetterTopic.Letter> consentLetters = DeadLetterTopic.await(DEAD_LETTERS, l -> l.key() != null
                        && l.key().startsWith(subject) && EventDelivery.CONSENT_TOPIC.equals(l.headers().get("dlq-topic")),
                consentCases.size(), Duration.ofSeconds(90));
        List<DeadLetterTopic.Letter> pricingLetters = DeadLetterTopic.await(DEAD_LETTERS, l -> l.key() != null
                        && l.key().startsWith(purchase) && EventDelivery.PRICING_TOPIC.equals(l.headers().get("dlq-topic")),
                pricingCases.size(), Duration.ofSeconds(60));
        assertThat(consentLetters).hasSize(consentCases.size());
        assertThat(pricingLetters).hasSize(pricingCases.size());
        assertThat(consentLetters).extracting(DeadLetterTopic.Letter::reason)
                .containsExactlyInAnyOrderElementsOf(consentCases.stream().map(Poison.Case::reason).toList());
        assertThat(pricingLetters).extracting(DeadLetterTopic.Letter::reason)
                .containsExactlyInAnyOrderElementsOf(pricingCases.stream().map(Poison.Case::reason).toList());
        for (DeadLetterTopic.Letter l : concat(consentLetters, pricingLetters)) {
            Poison.Case c = sentAt.get(l.headers().get("dlq-topic") + "/" + l.headers().get("dlq-partition") + "/"
                    + l.headers().get("dlq-offset"));
            assertThat(c).as("the record a dead letter points back to: %s", l.headers()).isNotNull();
            assertThat(l.reason()).as(c.what()).isEqualTo(c.reason());
            assertThat(l.headers().get("dlq-consumer")).as(c.what()).isEqualTo(
                    l.headers().get("dlq-topic").equals(EventDelivery.CONSENT_TOPIC)
                            ? EventDelivery.CONSENT_CONSUMER : EventDelivery.PRICING_CONSUMER);
            assertThat(l.headers().get("dlq-detail")).as(c.what()).isNotBlank();
            assertThat(l.value()).as(c.what()).isEqualTo(c.record().value()); // a tombstone stays one
        }

        // none of them changed the dataset's counts, the projection or the licences
        assertThat(consenting(dataset)).isZero();
        assertThat(members(dataset)).isEqualTo(1);
        assertThat(Rows.count(db, "SELECT count(*) FROM consent_projection WHERE subject_id = $1", subject)).isZero();
        assertThat(Rows.count(db, "SELECT count(*) FROM licence WHERE purchase_id = $1", purchase)).isZero();
        assertThat(Rows.count(db, "SELECT count(*) FROM processed_event WHERE event_id = $1 OR event_id = $2",
                grant.id(), bought.id())).isZero();
        RestAssured.get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));

        // both consumers go on: the genuine events the poison was made from (same ids) are applied
        try (KafkaProducer<String, String> producer = TestKafka.producer()) {
            for (var record : List.of(TestEvents.record(EventDelivery.CONSENT_TOPIC, grant),
                    TestEvents.record(EventDelivery.PRICING_TOPIC, bought))) {
                RecordMetadata at = producer.send(record).get();
                last.merge(new TopicPartition(at.topic(), at.partition()), at.offset(), Math::max);
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> consenting(dataset) == 1);
        await().atMost(Duration.ofSeconds(60)).until(() ->
                Rows.count(db, "SELECT count(*) FROM licence WHERE purchase_id = $1", purchase) == 1);
        assertThat(members(dataset)).isEqualTo(1);

        // and committed past every record: a restart starts after them instead of reading them again
        try (Admin admin = Admin.create(TestKafka.client(TestKafka.TESTER))) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
                committed.putAll(admin.listConsumerGroupOffsets(consentGroup).partitionsToOffsetAndMetadata().get());
                committed.putAll(admin.listConsumerGroupOffsets(pricingGroup).partitionsToOffsetAndMetadata().get());
                last.forEach((partition, offset) -> assertThat(committed.get(partition))
                        .as("committed offset of %s", partition).isNotNull()
                        .extracting(OffsetAndMetadata::offset).asInstanceOf(
                                org.assertj.core.api.InstanceOfAssertFactories.LONG).isGreaterThan(offset));
            });
        }
        RestAssured.get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        RestAssured.get("/q/metrics").then()
                .body(containsString("exchange_events_dead_lettered_total{consumer=\"catalog.consent-projection\",reason=\"not-json\"}"))
                .body(containsString("exchange_events_dead_lettered_total{consumer=\"catalog.licences\",reason=\"bad-signature\"}"));
    }

    long consenting(String dataset) {
        return given().auth().oauth2(Tokens.consumer("c")).get("/api/datasets/" + dataset)
                .then().statusCode(200).extract().jsonPath().getLong("consenting[0].subjects");
    }

    long members(String dataset) {
        return given().auth().oauth2(Tokens.consumer("c")).get("/api/datasets/" + dataset)
                .then().statusCode(200).extract().jsonPath().getLong("members.subjects");
    }

    static <T> List<T> concat(List<T> a, List<T> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}

package org.exchange.catalog.events;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.exchange.catalog.ConsentEvents;
import org.exchange.catalog.EventDelivery;
import org.exchange.catalog.Fixtures;
import org.exchange.contract.events.EventEnvelope;
import org.exchange.testing.Rows;
import org.exchange.testing.EventSchemas;
import org.exchange.testing.TestEvents;
import org.exchange.testing.TestKafka;
import org.exchange.testing.Tokens;
import org.junit.jupiter.api.Test;

/** Through the real broker: consent.events in (duplicated, reordered), catalog.events out. */
@QuarkusTest
class KafkaRoundTripTest {

    @Inject
    Pool db;

    @Test
    void aDuplicatedAndReorderedConsentEventChangesNothing() throws Exception {
        String provider = Fixtures.newProvider();
        String dataset = Fixtures.publish(provider, "Kafka cohort", List.of("ai-training", "academic-research"));
        String subject = "kafka-" + UUID.randomUUID();
        Fixtures.declare(provider, dataset, Fixtures.rows(List.of(subject), 12));
        String consent = UUID.randomUUID().toString();
        EventEnvelope granted = ConsentEvents.consent(consent, subject, "DATASET", dataset, "ai-training", "GIVEN", 1,
                null);
        EventEnvelope revoked = ConsentEvents.consent(consent, subject, "DATASET", dataset, "ai-training",
                "WITHDRAWN", 2, null);

        try (KafkaProducer<String, String> producer = TestKafka.producer()) {
            send(producer, granted);
            await().atMost(Duration.ofSeconds(60)).until(() -> consenting(dataset, 0) == 1);
            send(producer, revoked);
            await().atMost(Duration.ofSeconds(30)).until(() -> consenting(dataset, 0) == 0);

            // the old grant again (same id), a re-sent copy of it (new id), then a marker behind them on the
            // same key: once the marker is applied, everything before it on the partition was too
            send(producer, granted);
            send(producer, ConsentEvents.consent(consent, subject, "DATASET", dataset, "ai-training",
                    "GIVEN", 1, null));
            String marker = UUID.randomUUID().toString();
            send(producer, ConsentEvents.consent(marker, subject, "DATASET", dataset, "academic-research",
                    "GIVEN", 1, null));
            await().atMost(Duration.ofSeconds(30)).until(() -> consenting(dataset, 1) == 1);
        }
        assertThat(Rows.count(db, "SELECT count(*) FROM consent_projection WHERE consent_id = $1",
                UUID.fromString(consent))).isEqualTo(1);
        Row row = Rows.first(db, "SELECT status, version FROM consent_projection WHERE consent_id = $1",
                UUID.fromString(consent));
        assertThat(row.getString("status")).isEqualTo("WITHDRAWN");
        assertThat(row.getLong("version")).isEqualTo(2);
        assertThat(consenting(dataset, 0)).isZero();
        assertThat(Rows.count(db, "SELECT count(*) FROM processed_event WHERE consumer = $1 AND event_id = $2",
                EventDelivery.CONSENT_CONSUMER, granted.id())).isEqualTo(1);
    }

    @Test
    void datasetEventsReachTheBrokerKeyedByDatasetAsPublished() {
        // from the start (TestKafka's consumers read from the earliest offset), filtered by the new
        // dataset's key: with "latest" the starting offset is fixed lazily, so an event sent right
        // after the assignment could be skipped
        try (KafkaConsumer<String, String> consumer = TestKafka.consumer("catalog-test")) {
            consumer.subscribe(List.of("test.catalog.events"));
            String provider = Fixtures.newProvider();
            String id = Fixtures.publish(provider, "On the wire", List.of("public-health"));
            given().auth().oauth2(Tokens.provider(provider)).post("/api/datasets/" + id + "/withdraw")
                    .then().statusCode(200);

            List<String> types = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(300))) {
                    if (id.equals(r.key())) {
                        assertThat(EventSchemas.problems(r.value())).as(r.value()).isEmpty();
                        types.add(JsonPath.from(r.value()).getString("type"));
                    }
                }
                return types.size() >= 2;
            });
            assertThat(types).containsExactly("dataset.published", "dataset.withdrawn");
        }
    }

    long consenting(String dataset, int purposeIndex) {
        return given().auth().oauth2(Tokens.consumer("c")).get("/api/datasets/" + dataset)
                .then().statusCode(200).extract().jsonPath().getLong("consenting[" + purposeIndex + "].subjects");
    }

    static void send(KafkaProducer<String, String> producer, EventEnvelope event) throws Exception {
        producer.send(TestEvents.record(EventDelivery.CONSENT_TOPIC, event)).get();
    }
}

package org.exchange.consent.events;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.exchange.contract.events.EventEnvelope;
import org.exchange.contract.events.EventTypes;
import org.exchange.contract.events.data.DatasetChanged;
import org.exchange.testing.Rows;
import org.exchange.testing.TestEvents;
import org.exchange.testing.TestKafka;
import org.exchange.testing.Tokens;
import org.junit.jupiter.api.Test;

/** dataset.withdrawn from the real broker invalidates exactly the consents given for that dataset, once. */
@QuarkusTest
class DatasetWithdrawalTest {

    @Inject
    Pool db;

    static String grant(String subject, String scopeField, String scopeId) {
        return given().auth().oauth2(Tokens.subject(subject)).contentType(ContentType.JSON)
                .body("{\"" + scopeField + "\": \"" + scopeId + "\", \"purpose\": \"ai-training\", \"dataCategories\": [\"steps\"]}")
                .post("/api/consents").then().statusCode(201).extract().path("id");
    }

    /** A dataset.withdrawn as catalog-service publishes it, signed with the test publisher's key. */
    static EventEnvelope withdrawal(String eventId, String datasetId) {
        EventEnvelope e = TestEvents.envelope(EventTypes.DATASET_WITHDRAWN, "catalog-service", datasetId,
                new DatasetChanged(datasetId, "prov-1", 3, "t", List.of("steps"), List.of("ai-training"), "WITHDRAWN",
                        Instant.parse("2026-11-24T17:00:00Z")));
        return EventEnvelope.of(eventId, e.type(), e.source(), e.time(), e.subject(), e.data());
    }

    static void publish(String eventId, String datasetId) throws Exception {
        try (KafkaProducer<String, String> producer = TestKafka.producer()) {
            producer.send(TestEvents.record("test.catalog.events", withdrawal(eventId, datasetId))).get();
        }
    }

    @Test
    void consentsForAWithdrawnDatasetBecomeInvalidatedOnceAndProviderWideOnesStay() throws Exception {
        String dataset = UUID.randomUUID().toString();
        String subject = "s-" + UUID.randomUUID();
        String forDataset = grant(subject, "datasetId", dataset);
        String providerWide = grant(subject, "providerId", "prov-1");
        String eventId = UUID.randomUUID().toString();

        publish(eventId, dataset);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(Tokens.subject(subject)).get("/api/consents/" + forDataset)
                        .then().body("status", equalTo("INVALIDATED")).body("version", equalTo(2)));
        publish(eventId, dataset); // redelivered: changes nothing
        publish(UUID.randomUUID().toString(), dataset); // a second withdrawal: nothing left to invalidate
        Thread.sleep(2000);

        given().auth().oauth2(Tokens.subject(subject)).get("/api/consents/" + forDataset)
                .then().body("status", equalTo("INVALIDATED")).body("version", equalTo(2));
        given().auth().oauth2(Tokens.subject(subject)).get("/api/consents/" + forDataset + "/history")
                .then().body("[1].action", equalTo("INVALIDATED"));
        given().auth().oauth2(Tokens.subject(subject)).get("/api/consents/" + providerWide)
                .then().body("status", equalTo("GIVEN")).body("version", equalTo(1));
        assertThat(Rows.count(db, "SELECT count(*) FROM outbox WHERE event_key = $1 AND payload LIKE '%consent.invalidated%'", subject))
                .isOne();
    }
}

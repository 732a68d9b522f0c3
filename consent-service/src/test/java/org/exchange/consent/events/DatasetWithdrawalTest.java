package org.exchange.consent.events;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
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

    static void publish(String eventId, String datasetId) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        String event = """
                {"id": "%s", "type": "dataset.withdrawn", "source": "catalog-service", "time": "2026-11-24T17:00:00Z",
                 "subject": "%s", "dataVersion": 1,
                 "data": {"datasetId": "%s", "providerId": "prov-1", "revision": 3, "title": "t", "categories": ["steps"],
                          "allowedPurposes": ["ai-training"], "status": "WITHDRAWN", "at": "2026-11-24T17:00:00Z"}}"""
                .formatted(eventId, datasetId, datasetId);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            producer.send(new ProducerRecord<>("test.catalog.events", datasetId, event)).get();
        }
    }

    long rows(String sql, String subject) {
        return db.preparedQuery(sql).execute(Tuple.of(subject)).await().indefinitely().iterator().next().getLong(0);
    }

    @Test
    void consentsForAWithdrawnDatasetBecomeInvalidatedOnceAndProviderWideOnesStay() throws Exception {
        String dataset = "ds-" + UUID.randomUUID();
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
        assertThat(rows("SELECT count(*) FROM outbox WHERE event_key = $1 AND payload LIKE '%consent.invalidated%'", subject))
                .isOne();
    }
}

package org.exchange.consent.events;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.exchange.consent.rest.ConsentResourceTest;
import org.exchange.testing.CuttableProxy;
import org.exchange.testing.Rows;
import org.exchange.testing.TestKafka;
import org.exchange.testing.Tokens;
import org.junit.jupiter.api.Test;

/**
 * Invariant 5: no event is lost while Kafka is down. The relay's producer reaches the real
 * broker only through a proxy (the broker's OUTAGE listener, 9094, advertised as 19094), which
 * the test cuts: consents are granted and revoked meanwhile, their events wait in the outbox
 * unpublished, and after the broker is reachable again every one of them arrives, in order per
 * subject.
 */
@QuarkusTest
@TestProfile(KafkaOutageTest.ThroughProxy.class)
class KafkaOutageTest {

    static final int PROXY_PORT = 19094;
    static final int OUTAGE_LISTENER = 9094;

    public static class ThroughProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // sends give up after 2 s (1 s when waiting for metadata), so a 5 s outage makes them fail
            // and be retried: the path every long outage takes
            // every Kafka client of the service (relay, consumer, broker probe) goes through the proxy
            return Map.of("kafka.bootstrap.servers", "127.0.0.1:" + PROXY_PORT,
                    "exchange.events.broker-probe-interval", "1s",
                    "exchange.events.producer.\"reconnect.backoff.max.ms\"", "1000",
                    "exchange.events.producer.\"request.timeout.ms\"", "1000",
                    "exchange.events.producer.\"delivery.timeout.ms\"", "2000",
                    "exchange.events.producer.\"max.block.ms\"", "1000");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(KafkaThroughProxy.class));
        }
    }

    public static class KafkaThroughProxy implements QuarkusTestResourceLifecycleManager {
        static CuttableProxy kafka;

        @Override
        public Map<String, String> start() {
            kafka = new CuttableProxy(PROXY_PORT, "127.0.0.1", OUTAGE_LISTENER).restore();
            return Map.of();
        }

        @Override
        public void stop() {
            kafka.close();
        }
    }

    @Inject
    Pool db;

    @Test
    void eventsWrittenWhileKafkaIsDownArriveAfterItIsBackAndTheServiceStaysReady() throws InterruptedException {
        String warmUp = "s-" + UUID.randomUUID();
        ConsentResourceTest.grant(warmUp, ConsentResourceTest.grantBody("ai-training"));
        await().atMost(Duration.ofSeconds(30)).until(() -> unpublished(List.of(warmUp)) == 0);

        List<String> subjects = new ArrayList<>();
        KafkaThroughProxy.kafka.cut();
        try {
            for (int i = 0; i < 5; i++) {
                String subject = "s-" + UUID.randomUUID();
                subjects.add(subject);
                String id = ConsentResourceTest.grant(subject, ConsentResourceTest.grantBody("ai-training"));
                given().auth().oauth2(Tokens.subject(subject)).post("/api/consents/" + id + "/revoke")
                        .then().statusCode(200);
            }
            // the API keeps working; for 5 s (sends time out, 50 relay polls) nothing is marked sent that
            // Kafka never acknowledged
            Thread.sleep(5_000);
            assertThat(outboxIds(subjects)).hasSize(10);
            assertThat(unpublished(subjects)).isEqualTo(10);
            // ... and the service stays ready (on Kubernetes it stays in its Service), saying why it waits
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/q/health/ready").then()
                    .statusCode(200)
                    .body("checks.find { it.name == 'events' }.status", equalTo("UP"))
                    .body("checks.find { it.name == 'events' }.data.broker", equalTo("unreachable"))
                    .body("checks.find { it.name == 'events' }.data.outboxBacklog", greaterThanOrEqualTo(10)));
            String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
            assertThat(metrics).contains("exchange_kafka_broker_reachable 0.0");
            assertThat(metrics).containsPattern("exchange_outbox_backlog (1\\d|[2-9]\\d)\\.0");
        } finally {
            KafkaThroughProxy.kafka.restore();
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> unpublished(subjects) == 0);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/q/health/ready").then()
                .body("checks.find { it.name == 'events' }.data.broker", equalTo("reachable")));
        Map<String, List<String>> arrived = consume(subjects, outboxIds(subjects));
        for (String subject : subjects) {
            assertThat(arrived.get(subject)).as("events of %s in the order they happened", subject)
                    .containsExactly("consent.granted", "consent.revoked");
        }
    }

    long unpublished(List<String> subjects) {
        return Rows.count(db, "SELECT count(*) FROM outbox WHERE event_key = ANY($1) AND published_at IS NULL",
                (Object) subjects.toArray(new String[0]));
    }

    Set<String> outboxIds(List<String> subjects) {
        Set<String> ids = new HashSet<>();
        for (Row row : db.preparedQuery("SELECT event_id FROM outbox WHERE event_key = ANY($1)")
                .execute(Tuple.of(subjects.toArray(new String[0]))).await().indefinitely()) {
            ids.add(row.getString("event_id"));
        }
        return ids;
    }

    /** Reads the topic directly from the broker until every expected event id was seen; types per subject. */
    static Map<String, List<String>> consume(List<String> subjects, Set<String> expectedIds) {
        ObjectMapper mapper = new ObjectMapper();
        Set<String> seen = new HashSet<>();
        Map<String, List<String>> types = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = TestKafka.consumer("consent-outage-test")) {
            consumer.subscribe(List.of("test.consent.events"));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (subjects.contains(r.key())) {
                        JsonNode event = mapper.readTree(r.value());
                        if (seen.add(event.get("id").asText())) { // a redelivered duplicate is allowed, and counted once
                            types.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(event.get("type").asText());
                        }
                    }
                }
                return seen.containsAll(expectedIds);
            });
        }
        assertThat(seen).isEqualTo(expectedIds);
        return types;
    }
}

package org.exchange.catalog.events;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.exchange.catalog.Fixtures;
import org.exchange.contract.events.EventHeaders;
import org.exchange.contract.signing.Ed25519;
import org.exchange.testing.EventSchemas;
import org.exchange.testing.TestEvents;
import org.exchange.testing.TestKafka;
import org.exchange.testing.Tokens;
import org.junit.jupiter.api.Test;

/**
 * The catalog's own events on the broker: structured-mode CloudEvents valid against their
 * schemas, in order per dataset, each signed by catalog-service over its exact bytes with a key it
 * publishes at /api/events/keys (and not with anything else).
 */
@QuarkusTest
class OutboxToKafkaTest {

    static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void catalogEventsAreSignedCloudEventsThatVerifyWithThePublishedKey() throws Exception {
        String provider = Fixtures.newProvider();
        String id = Fixtures.publish(provider, "Signed", List.of("ai-training"));
        given().auth().oauth2(Tokens.provider(provider)).contentType(ContentType.JSON)
                .body(Fixtures.body("Signed again", List.of("ai-training"))).put("/api/datasets/" + id)
                .then().statusCode(200);
        given().auth().oauth2(Tokens.provider(provider)).post("/api/datasets/" + id + "/withdraw")
                .then().statusCode(200);

        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = TestKafka.consumer("catalog-outbox-test")) {
            consumer.subscribe(List.of("test.catalog.events"));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (id.equals(r.key())) {
                        records.add(r);
                    }
                }
                return records.size() >= 3;
            });
        }
        assertThat(records).hasSize(3);

        String jwks = RestAssured.get("/api/events/keys").then().statusCode(200)
                .contentType("application/jwk-set+json").extract().asString();
        Map<String, PublicKey> published = new HashMap<>();
        for (JsonNode key : MAPPER.readTree(jwks).get("keys")) {
            assertThat(key.get("kty").asText()).isEqualTo("OKP");
            assertThat(key.get("crv").asText()).isEqualTo("Ed25519");
            assertThat(key.has("d")).as("a private part in the published key set").isFalse();
            published.put(key.get("kid").asText(), Ed25519.publicKey(Ed25519.fromBase64url(key.get("x").asText())));
        }
        assertThat(published).isNotEmpty().doesNotContainKey(TestEvents.KEY_ID);

        List<String> types = new ArrayList<>();
        long revision = 0;
        for (ConsumerRecord<String, String> r : records) {
            JsonNode event = MAPPER.readTree(r.value());
            String type = event.get("type").asText();
            types.add(type);
            assertThat(EventSchemas.problems(r.value())).as("published schema of " + r.value()).isEmpty();
            assertThat(event.get("specversion").asText()).isEqualTo("1.0");
            assertThat(event.get("source").asText()).isEqualTo("catalog-service");
            assertThat(event.get("subject").asText()).isEqualTo(id);
            assertThat(event.get("datacontenttype").asText()).isEqualTo("application/json");
            assertThat(event.get("dataschema").asText()).isEqualTo("urn:exchange:events:" + type + ":1");
            assertThat(event.get("dataversion").asInt()).isEqualTo(1);
            assertThat(event.at("/data/providerId").asText()).isEqualTo(provider);
            assertThat(event.at("/data/revision").asLong()).isGreaterThan(revision);
            revision = event.at("/data/revision").asLong();

            assertThat(header(r, EventHeaders.CONTENT_TYPE)).isEqualTo("application/cloudevents+json; charset=UTF-8");
            String keyId = header(r, EventHeaders.KEY_ID);
            assertThat(published).as("the key id of " + type).containsKey(keyId);
            byte[] signature = Ed25519.fromBase64url(header(r, EventHeaders.SIGNATURE));
            assertThat(Ed25519.verify(published.get(keyId), r.value().getBytes(StandardCharsets.UTF_8), signature))
                    .as("signature of " + r.value()).isTrue();
            String changed = r.value().replace("\"catalog-service\"", "\"catalog-servicf\"");
            assertThat(Ed25519.verify(published.get(keyId), changed.getBytes(StandardCharsets.UTF_8), signature))
                    .as("the same signature over a changed record").isFalse();
            assertThat(Ed25519.verify(TestEvents.keys().getPublic(), r.value().getBytes(StandardCharsets.UTF_8),
                    signature)).as("signed with the tests' key").isFalse();
        }
        assertThat(types).containsExactly("dataset.published", "dataset.updated", "dataset.withdrawn");
    }

    static String header(ConsumerRecord<String, String> r, String name) {
        assertThat(r.headers().lastHeader(name)).as("header " + name).isNotNull();
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}

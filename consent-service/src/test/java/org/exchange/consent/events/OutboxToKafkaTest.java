package org.exchange.consent.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.exchange.consent.rest.ConsentResourceTest;
import org.exchange.contract.events.EventHeaders;
import org.exchange.contract.signing.Ed25519;
import org.exchange.testing.EventSchemas;
import org.exchange.testing.TestKafka;
import org.junit.jupiter.api.Test;

/** The outbox reaches the real broker: CloudEvents, signed, keyed by subject, in order, marked sent. */
@QuarkusTest
class OutboxToKafkaTest {

    @Test
    void grantAndRevocationArriveOnTheTopicKeyedBySubjectInOrder() throws Exception {
        String subject = "s-" + UUID.randomUUID();
        String id = ConsentResourceTest.grant(subject, ConsentResourceTest.grantBody("ai-training"));
        io.restassured.RestAssured.given().auth().oauth2(org.exchange.testing.Tokens.subject(subject))
                .post("/api/consents/" + id + "/revoke").then().statusCode(200);

        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> mine = new ArrayList<>();
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = TestKafka.consumer("consent-test")) {
            consumer.subscribe(List.of("test.consent.events"));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (subject.equals(r.key())) {
                        assertThat(EventSchemas.problems(r.value())).as("published schema of " + r.value()).isEmpty();
                        mine.add(mapper.readTree(r.value()));
                        records.add(r);
                    }
                }
                return mine.size() >= 2;
            });
        }
        assertThat(mine).extracting(e -> e.get("type").asText()).containsExactly("consent.granted", "consent.revoked");
        JsonNode granted = mine.get(0);
        assertThat(granted.get("source").asText()).isEqualTo("consent-service");
        assertThat(granted.get("subject").asText()).isEqualTo(subject);
        assertThat(granted.get("specversion").asText()).isEqualTo("1.0");
        assertThat(granted.get("datacontenttype").asText()).isEqualTo("application/json");
        assertThat(granted.get("dataschema").asText()).isEqualTo("urn:exchange:events:consent.granted:1");
        assertThat(granted.get("dataversion").asInt()).isEqualTo(1);
        assertThat(granted.get("id").asText()).isNotBlank();
        assertThat(granted.get("time").asText()).isNotBlank();
        assertThat(granted.at("/data/consentId").asText()).isEqualTo(id);
        assertThat(mine.get(1).at("/data/status").asText()).isEqualTo("WITHDRAWN");
        assertThat(mine.get(1).at("/data/version").asLong()).isEqualTo(2);

        // structured-mode CloudEvents, signed by consent-service over the exact bytes, verifiable with
        // the key it publishes at /api/events/keys
        String jwks = io.restassured.RestAssured.get("/api/events/keys").then().statusCode(200).extract().asString();
        JsonNode key = mapper.readTree(jwks).get("keys").get(0);
        java.security.PublicKey publicKey = Ed25519.publicKey(Ed25519.fromBase64url(key.get("x").asText()));
        for (ConsumerRecord<String, String> r : records) {
            assertThat(header(r, EventHeaders.CONTENT_TYPE)).isEqualTo("application/cloudevents+json; charset=UTF-8");
            assertThat(header(r, EventHeaders.KEY_ID)).isEqualTo(key.get("kid").asText());
            assertThat(Ed25519.verify(publicKey, r.value().getBytes(StandardCharsets.UTF_8),
                    Ed25519.fromBase64url(header(r, EventHeaders.SIGNATURE)))).as("signature of " + r.value()).isTrue();
            String changed = r.value().replace("\"consent-service\"", "\"consent-servicf\"");
            assertThat(Ed25519.verify(publicKey, changed.getBytes(StandardCharsets.UTF_8),
                    Ed25519.fromBase64url(header(r, EventHeaders.SIGNATURE)))).as("a changed record").isFalse();
        }
    }

    static String header(ConsumerRecord<String, String> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}

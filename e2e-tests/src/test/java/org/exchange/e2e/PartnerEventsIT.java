package org.exchange.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.exchange.contract.signing.Ed25519;
import org.exchange.testing.EventSchemas;
import org.exchange.testing.TestKafka;
import org.junit.jupiter.api.Test;

/**
 * A partner's integration, with none of the services' code: the {@code partner} principal reads
 * the four public topics (the newest 500 records of each partition: the topics grow with every
 * run, and a 100,000-subject purchase alone is a hundred thousand events); each record's Ed25519 signature is verified with the
 * keys the gateway publishes at {@code /api/events/keys} (no token), and each genuine record is
 * read with the CloudEvents Kafka SDK (structured mode) and checked against its published schema.
 * A record not signed with a publisher's published key is a forgery (the fault tests write some
 * with stolen credentials): a partner skips it, as the services do.
 */
class PartnerEventsIT {

    static final List<String> TOPICS = List.of("consent.events", "catalog.events", "pricing.events", "payout.events");
    static final Map<String, String> OWNER = Map.of("consent.events", "consent-service", "catalog.events",
            "catalog-service", "pricing.events", "pricing-service", "payout.events", "payout-service");

    @Test
    void everyEventOnEveryTopicIsASignedCloudEventMatchingItsPublishedSchema() throws Exception {
        String consentId = Stack.as("alice").contentType(ContentType.JSON)
                .body(Map.of("datasetId", UUID.randomUUID().toString(), "purpose", "academic-research",
                        "dataCategories", List.of("steps")))
                .post("/api/consents").then().statusCode(201).extract().path("id");
        Stack.as("alice").post("/api/consents/" + consentId + "/revoke").then().statusCode(200);

        ObjectMapper mapper = new ObjectMapper();
        Map<String, PublicKey> keys = new HashMap<>();
        for (JsonNode key : mapper.readTree(Stack.anonymous().get("/api/events/keys").then().statusCode(200)
                .extract().asString()).path("keys")) {
            keys.put(key.path("kid").asText(), Ed25519.publicKey(Ed25519.fromBase64url(key.path("x").asText())));
        }
        assertThat(keys.keySet()).as("every publisher's keys are public")
                .anyMatch(k -> k.startsWith("consent-service:")).anyMatch(k -> k.startsWith("catalog-service:"))
                .anyMatch(k -> k.startsWith("pricing-service:")).anyMatch(k -> k.startsWith("payout-service:"));

        List<String> problems = new ArrayList<>();
        Set<String> typesSeen = new HashSet<>();
        Set<String> mine = new HashSet<>();
        int events = 0;
        int forgeries = 0;
        try (CloudEventDeserializer cloudEvents = new CloudEventDeserializer();
             KafkaConsumer<String, String> consumer = TestKafka.consumer(TestKafka.client("partner"),
                     "partner-" + UUID.randomUUID())) {
            List<org.apache.kafka.common.TopicPartition> partitions = new ArrayList<>();
            for (String topic : TOPICS) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(
                        new org.apache.kafka.common.TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.endOffsets(partitions).forEach((tp, end) -> consumer.seek(tp, Math.max(0, end - 500)));
            Instant quietSince = Instant.now();
            Instant deadline = Instant.now().plusSeconds(90);
            while (Instant.now().isBefore(deadline)
                    && (mine.size() < 2 || Duration.between(quietSince, Instant.now()).toSeconds() < 3)) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    quietSince = Instant.now();
                    events++;
                    String where = r.topic() + "@" + r.partition() + "/" + r.offset() + " ";
                    String keyId = header(r, "exchange-key-id");
                    String signature = header(r, "exchange-signature");
                    PublicKey key = keyId == null ? null : keys.get(keyId);
                    if (key == null || r.value() == null) {
                        forgeries++;
                        continue; // not signed with any published key: not the exchange's
                    }
                    byte[] value = r.value().getBytes(StandardCharsets.UTF_8);
                    if (signature == null || !Ed25519.verify(key, value, Ed25519.fromBase64url(signature))) {
                        problems.add(where + "claims key " + keyId + " but its signature does not verify");
                        continue;
                    }
                    if (!keyId.startsWith(OWNER.get(r.topic()) + ":")) {
                        problems.add(where + "signed by " + keyId + ", which does not own " + r.topic());
                    }
                    CloudEvent event = cloudEvents.deserialize(r.topic(), r.headers(), value);
                    typesSeen.add(event.getType());
                    EventSchemas.problems(r.value()).forEach(p -> problems.add(where + event.getType() + ": " + p));
                    if (!"1.0".equals(event.getSpecVersion().toString())) {
                        problems.add(where + "spec version " + event.getSpecVersion());
                    }
                    if (!OWNER.get(r.topic()).equals(event.getSource().toString())) {
                        problems.add(where + "source " + event.getSource() + " does not own the topic");
                    }
                    if (!event.getSubject().equals(r.key())) {
                        problems.add(where + "key " + r.key() + " is not the subject " + event.getSubject());
                    }
                    if (!("urn:exchange:events:" + event.getType() + ":1").equals(String.valueOf(event.getDataSchema()))
                            || !"1".equals(String.valueOf(event.getExtension("dataversion")))) {
                        problems.add(where + "dataschema " + event.getDataSchema() + " / dataversion "
                                + event.getExtension("dataversion"));
                    }
                    if (event.getData() != null && consentId.equals(mapper.readTree(event.getData().toBytes())
                            .path("consentId").asText())) {
                        mine.add(event.getType());
                    }
                }
            }
        }
        assertThat(mine).as("this test's own events were published").containsExactlyInAnyOrder("consent.granted",
                "consent.revoked");
        assertThat(problems).as("genuine events that break the published contract (of %d read, %d forgeries skipped; "
                + "types %s)", events, forgeries, typesSeen).isEmpty();
        assertThat(typesSeen).as("genuine events of every topic's owner").contains("consent.granted", "consent.revoked");
    }

    static String header(ConsumerRecord<String, String> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}

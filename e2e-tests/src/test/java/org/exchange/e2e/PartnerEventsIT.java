package org.exchange.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.exchange.testing.EventSchemas;
import org.junit.jupiter.api.Test;

/**
 * A partner's integration: a plain Kafka consumer (none of the services' code) reads the
 * documented topics from the beginning and validates every event against the published schemas.
 */
class PartnerEventsIT {

    static final List<String> TOPICS = List.of("consent.events", "catalog.events", "pricing.events", "payout.events");

    @Test
    void everyEventOnEveryTopicMatchesItsPublishedSchema() throws Exception {
        String consentId = Stack.as("alice").contentType(ContentType.JSON)
                .body(Map.of("datasetId", "partner-check-" + UUID.randomUUID(), "purpose", "academic-research",
                        "dataCategories", List.of("steps")))
                .post("/api/consents").then().statusCode(201).extract().path("id");
        Stack.as("alice").post("/api/consents/" + consentId + "/revoke").then().statusCode(200);

        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.KAFKA);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "partner-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        ObjectMapper mapper = new ObjectMapper();
        List<String> problems = new ArrayList<>();
        Set<String> typesSeen = new HashSet<>();
        Set<String> mine = new HashSet<>();
        int events = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(TOPICS);
            Instant quietSince = Instant.now();
            Instant deadline = Instant.now().plusSeconds(60);
            while (Instant.now().isBefore(deadline)
                    && (mine.size() < 2 || Duration.between(quietSince, Instant.now()).toSeconds() < 3)) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    quietSince = Instant.now();
                    events++;
                    JsonNode event = mapper.readTree(r.value());
                    typesSeen.add(event.path("type").asText());
                    EventSchemas.problems(r.value()).forEach(p -> problems.add(r.topic() + " " + event.path("type") + " "
                            + event.path("id") + ": " + p));
                    if (!event.path("subject").asText().equals(r.key())) {
                        problems.add(r.topic() + " " + event.path("id") + ": key " + r.key() + " is not the subject");
                    }
                    if (consentId.equals(event.at("/data/consentId").asText())) {
                        mine.add(event.path("type").asText());
                    }
                }
            }
        }
        assertThat(mine).as("this test's own events were published").containsExactlyInAnyOrder("consent.granted",
                "consent.revoked");
        assertThat(problems).as("events that break the published contract (of %d read; types %s)", events, typesSeen)
                .isEmpty();
    }
}

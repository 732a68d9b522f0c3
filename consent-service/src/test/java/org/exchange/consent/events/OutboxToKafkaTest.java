package org.exchange.consent.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.exchange.consent.rest.ConsentResourceTest;
import org.exchange.testing.EventSchemas;
import org.junit.jupiter.api.Test;

/** The outbox reaches the real broker: enveloped, keyed by subject, in order, marked sent. */
@QuarkusTest
class OutboxToKafkaTest {

    @Test
    void grantAndRevocationArriveOnTheTopicKeyedBySubjectInOrder() throws Exception {
        String subject = "s-" + UUID.randomUUID();
        String id = ConsentResourceTest.grant(subject, ConsentResourceTest.grantBody("ai-training"));
        io.restassured.RestAssured.given().auth().oauth2(org.exchange.testing.Tokens.subject(subject))
                .post("/api/consents/" + id + "/revoke").then().statusCode(200);

        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "consent-test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> mine = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of("test.consent.events"));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (subject.equals(r.key())) {
                        assertThat(EventSchemas.problems(r.value())).as("published schema of " + r.value()).isEmpty();
                        mine.add(mapper.readTree(r.value()));
                    }
                }
                return mine.size() >= 2;
            });
        }
        assertThat(mine).extracting(e -> e.get("type").asText()).containsExactly("consent.granted", "consent.revoked");
        JsonNode granted = mine.get(0);
        assertThat(granted.get("source").asText()).isEqualTo("consent-service");
        assertThat(granted.get("subject").asText()).isEqualTo(subject);
        assertThat(granted.get("dataVersion").asInt()).isEqualTo(1);
        assertThat(granted.get("id").asText()).isNotBlank();
        assertThat(granted.get("time").asText()).isNotBlank();
        assertThat(granted.at("/data/consentId").asText()).isEqualTo(id);
        assertThat(mine.get(1).at("/data/status").asText()).isEqualTo("WITHDRAWN");
        assertThat(mine.get(1).at("/data/version").asLong()).isEqualTo(2);
    }
}

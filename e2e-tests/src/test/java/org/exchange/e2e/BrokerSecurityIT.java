package org.exchange.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.exchange.testing.TestKafka;
import org.junit.jupiter.api.Test;

/**
 * The broker is not open (issue 12, part 1): every client authenticates, and ACLs let each
 * principal do exactly its part. Checked against the running stack's broker with real clients.
 */
class BrokerSecurityIT {

    static final List<String> PUBLIC = List.of("consent.events", "catalog.events", "pricing.events", "payout.events");

    @Test
    void aClientWithoutCredentialsIsRefused() {
        Properties anonymous = TestKafka.anonymous();
        anonymous.put("request.timeout.ms", "5000");
        anonymous.put("default.api.timeout.ms", "8000");
        try (Admin admin = Admin.create(anonymous)) {
            assertThatThrownBy(() -> admin.listTopics().names().get()).as("listing topics without SASL")
                    .isInstanceOf(Exception.class);
        }
        try (KafkaProducer<String, String> producer = TestKafka.producer(anonymous)) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("consent.events", "k", "{}")).get())
                    .as("writing without SASL").isInstanceOf(Exception.class);
        }
    }

    @Test
    void aWrongPasswordIsRefused() {
        try (KafkaProducer<String, String> producer = TestKafka.producer(TestKafka.client("partner", "not-the-password"))) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("consent.events", "k", "{}")).get())
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void thePartnerReadsThePublicTopicsAndWritesNone() throws Exception {
        try (KafkaConsumer<String, String> consumer = TestKafka.consumer(TestKafka.client("partner"),
                "partner-e2e-" + UUID.randomUUID())) {
            consumer.subscribe(PUBLIC);
            ConsumerRecords<String, String> read = consumer.poll(Duration.ofSeconds(10));
            assertThat(read).as("the stack has published events by now").isNotNull();
            assertThat(consumer.assignment()).extracting(tp -> tp.topic()).containsAll(PUBLIC);
        }
        // refused: the idempotent producer may already be refused its producer id (cluster
        // authorisation: it may write nothing at all), else the topic write itself; a producer
        // refused once is in an error state, so each topic gets its own
        for (String topic : List.of("consent.events", "catalog.events", "pricing.events", "payout.events",
                "dlq.payout-service")) {
            try (KafkaProducer<String, String> producer = TestKafka.producer(TestKafka.client("partner"))) {
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "k", "{}")).get()).as(topic)
                        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(AuthorizationException.class);
            }
        }
    }

    @Test
    void thePartnerCannotReadDeadLettersNorUseAnotherGroup() {
        try (KafkaConsumer<String, String> consumer = TestKafka.consumer(TestKafka.client("partner"),
                "partner-e2e-" + UUID.randomUUID())) {
            consumer.subscribe(List.of("dlq.payout-service"));
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10))).isInstanceOf(TopicAuthorizationException.class);
        }
        try (KafkaConsumer<String, String> consumer = TestKafka.consumer(TestKafka.client("partner"),
                "payout-service")) {
            consumer.subscribe(List.of("pricing.events"));
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10))).as("joining payout-service's own group")
                    .isInstanceOf(GroupAuthorizationException.class);
        }
    }

    @Test
    void aServicesPrincipalCannotWriteAnotherServicesTopicNorReadWhatItDoesNotConsume() throws Exception {
        for (String topic : List.of("consent.events", "pricing.events", "payout.events", "dlq.payout-service")) {
            try (KafkaProducer<String, String> catalog = TestKafka.producer(TestKafka.client("catalog-service"))) {
                assertThatThrownBy(() -> catalog.send(new ProducerRecord<>(topic, "k", "{}")).get()).as(topic)
                        .hasCauseInstanceOf(AuthorizationException.class);
            }
        }
        try (KafkaConsumer<String, String> payout = TestKafka.consumer(TestKafka.client("payout-service"),
                "payout-service-e2e-" + UUID.randomUUID())) {
            payout.subscribe(List.of("consent.events"));
            assertThatThrownBy(() -> payout.poll(Duration.ofSeconds(10))).as("payout reads only pricing.events")
                    .isInstanceOf(TopicAuthorizationException.class);
        }
    }
}

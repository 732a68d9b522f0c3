package org.exchange.payout.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.exchange.payout.testing.Fixtures.balance;
import static org.exchange.payout.testing.Fixtures.count;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.exchange.kit.events.EventEnvelope;
import org.exchange.kit.events.EventTypes;
import org.exchange.kit.events.data.QuoteIssued;
import org.exchange.payout.testing.Fixtures;
import org.exchange.payout.testing.Funds;
import org.exchange.testing.EventSchemas;
import org.junit.jupiter.api.Test;

/** Through the real broker: pricing.events in (duplicated, replayed), payout.events out. */
@QuarkusTest
class PricingEventsKafkaTest {

    static final String TOPIC = "test.payout-service.pricing.events";

    @Inject
    Pool db;

    @Inject
    Funds funds;

    static KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(props);
    }

    static void send(KafkaProducer<String, String> producer, EventEnvelope e) throws Exception {
        producer.send(new ProducerRecord<>(TOPIC, e.subject(), Fixtures.json(e))).get();
    }

    /** A no-op event with the purchase's key: once it is processed, everything sent before it on that key is too. */
    void sendSentinelAndAwait(KafkaProducer<String, String> producer, String key) throws Exception {
        EventEnvelope sentinel = Fixtures.envelope(EventTypes.QUOTE_ISSUED, key, new QuoteIssued(key, "c", "d",
                "ai-training", 1, "EUR", 1, 1, 1, Instant.now()));
        send(producer, sentinel);
        await().atMost(Duration.ofSeconds(60)).until(() ->
                count(db, "SELECT count(*) FROM processed_event WHERE event_id = $1", sentinel.id()) == 1);
    }

    @Test
    void eventsDeliveredManyTimesAndReplayedLaterThroughKafkaSplitTheMoneyOnce() throws Exception {
        List<Fixtures.Member> members = new ArrayList<>();
        Random random = new Random(8);
        for (int i = 0; i < 2_500; i++) {
            members.add(new Fixtures.Member(Fixtures.id("s"), 1 + random.nextInt(100)));
        }
        Fixtures.Purchase p = Fixtures.purchase(1_234_567, members, 1_000);
        try (KafkaProducer<String, String> producer = producer()) {
            for (EventEnvelope e : p.events()) {
                send(producer, e);
                send(producer, e);                              // redelivered
                send(producer, Fixtures.resentUnderNewId(e));   // re-sent by a retrying producer
            }
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    count(db, "SELECT count(*) FROM ledger_tx WHERE kind = 'SPLIT' AND reference = $1", p.id()) == 1);
            // much later, the whole history is replayed (a partner resets offsets, a consumer restarts without commits)
            for (EventEnvelope e : p.events()) {
                send(producer, e);
            }
            sendSentinelAndAwait(producer, p.id());
        }
        assertThat(count(db, "SELECT count(*) FROM ledger_tx WHERE reference = $1", p.id())).isEqualTo(1);
        assertThat(balance(db, "consumer", p.consumerId(), "funding")).isEqualTo(-1_234_567);
        assertThat(count(db, "SELECT count(*) FROM cohort_member WHERE purchase_id = $1", p.id())).isEqualTo(2_500);
        assertThat(count(db, "SELECT coalesce(sum(e.amount), 0)::bigint FROM earning e WHERE e.purchase_id = $1", p.id()))
                .isEqualTo(1_234_567);
    }

    @Test
    void creditedEarningsArePublishedToPayoutEventsKeyedByPayeeAndMatchTheSchema() throws Exception {
        String subject = Fixtures.id("subject");
        Fixtures.Purchase p = funds.available(subject, 4_321);

        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "payout-test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<JsonNode> mine = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of("test.payout.events"));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (subject.equals(r.key())) {
                        assertThat(EventSchemas.problems(r.value())).as(r.value()).isEmpty();
                        mine.add(Fixtures.MAPPER.readTree(r.value()));
                    }
                }
                return !mine.isEmpty();
            });
        }
        JsonNode credited = mine.get(0);
        assertThat(credited.get("type").asText()).isEqualTo("earnings.credited");
        assertThat(credited.get("source").asText()).isEqualTo("payout-service");
        assertThat(credited.at("/data/purchaseId").asText()).isEqualTo(p.id());
        assertThat(credited.at("/data/buyerId").asText()).isEqualTo(p.consumerId());
        assertThat(credited.at("/data/amount").asLong()).isEqualTo(Funds.subjectShare(4_321));
        assertThat(credited.at("/data/ownerKind").asText()).isEqualTo("subject");
    }
}

package org.exchange.pricing.events;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Row;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
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
import org.exchange.kit.events.data.ConsentChanged;
import org.exchange.kit.events.data.DatasetChanged;
import org.exchange.kit.events.data.SubjectErased;
import org.exchange.pricing.support.PricingTestBase;
import org.exchange.testing.EventSchemas;
import org.exchange.testing.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against the real broker: the catalog projection, Art. 19 notifications, and the outbox reaching Kafka. */
@QuarkusTest
class EventsKafkaTest extends PricingTestBase {

    static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    static KafkaProducer<String, String> producer;

    @BeforeAll
    static void connect() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producer = new KafkaProducer<>(props);
    }

    @AfterAll
    static void close() {
        producer.close();
    }

    static String send(String topic, String key, String type, String source, Object data) throws Exception {
        EventEnvelope e = new EventEnvelope(UUID.randomUUID().toString(), type, source, Instant.now(), key, 1,
                MAPPER.valueToTree(data));
        resend(topic, key, e);
        return e.id();
    }

    static void resend(String topic, String key, EventEnvelope e) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, MAPPER.writeValueAsString(e))).get();
    }

    static void dataset(String id, String provider, long revision, String status, String... purposes) throws Exception {
        send("test.catalog.events", id, "dataset." + (status.equals("WITHDRAWN") ? "withdrawn" : "updated"),
                "catalog-service", new DatasetChanged(id, provider, revision, "t", List.of("steps"), List.of(purposes),
                        status, Instant.now()));
    }

    @Test
    void theCatalogProjectionKeepsTheHighestRevisionAndDrivesPriceBookOwnership() throws Exception {
        // catalog's HTTP API does not know this dataset: only the events tell pricing about it
        String ds = newId("projected");
        String provider = newId("provider");
        dataset(ds, provider, 2, "PUBLISHED", "ai-training", "academic-research");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> rows("SELECT count(*) FROM dataset_view WHERE dataset_id = $1", ds) == 1);

        dataset(ds, provider, 1, "PUBLISHED", "ai-training"); // older, arrives late: ignored
        dataset(ds, provider, 3, "PUBLISHED", "ai-training", "academic-research", "public-health");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> rows("SELECT revision FROM dataset_view WHERE dataset_id = $1", ds) == 3);
        assertThat(strings("SELECT allowed_purposes FROM dataset_view WHERE dataset_id = $1", ds))
                .containsExactly("ai-training,academic-research,public-health");
        // an older revision consumed after the newest changes nothing
        String late = send("test.catalog.events", ds, "dataset.updated", "catalog-service", new DatasetChanged(ds,
                provider, 2, "t", List.of("steps"), List.of("ai-training"), "PUBLISHED", Instant.now()));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> rows("SELECT count(*) FROM processed_event WHERE event_id = $1", late) == 1);
        assertThat(rows("SELECT revision FROM dataset_view WHERE dataset_id = $1", ds)).isEqualTo(3);
        assertThat(strings("SELECT allowed_purposes FROM dataset_view WHERE dataset_id = $1", ds))
                .containsExactly("ai-training,academic-research,public-health");

        putPrice(provider, ds, priceBody(5, "{\"public-health\": 5000}", 0));
        given().auth().oauth2(Tokens.provider(newId("other"))).contentType(ContentType.JSON)
                .body(priceBody(1, "{}", 0)).put("/api/datasets/" + ds + "/price").then().statusCode(404);

        dataset(ds, provider, 3, "WITHDRAWN", "ai-training"); // withdrawal at the same revision wins
        await().atMost(Duration.ofSeconds(30))
                .until(() -> strings("SELECT status FROM dataset_view WHERE dataset_id = $1", ds).contains("WITHDRAWN"));
        given().auth().oauth2(Tokens.provider(provider)).contentType(ContentType.JSON)
                .body(priceBody(6, "{}", 0)).put("/api/datasets/" + ds + "/price").then().statusCode(409);
    }

    @Test
    void aRevocationTouchingALiveLicenceIsRecordedOnceAndTheHolderIsTold() throws Exception {
        String provider = newId("provider");
        String ds = dataset(provider, "ai-training");
        List<String> subjects = consentingMembers(ds, 3, 10, "ai-training", null);
        putPrice(provider, ds, priceBody(10, "{}", 0));
        String consumer = newId("consumer");
        String purchase = postPurchase(consumer, "k", quote(consumer, ds, "ai-training"))
                .then().statusCode(201).extract().path("id");
        Row pinned = select("SELECT consent_id, consent_version FROM purchase_member "
                + "WHERE purchase_id = cast($1 as uuid) AND subject_id = $2", purchase, subjects.get(0)).get(0);
        String consentId = pinned.getString("consent_id");

        ConsentChanged revoked = new ConsentChanged(consentId, subjects.get(0), "DATASET", ds, "ai-training",
                List.of("steps"), "WITHDRAWN", pinned.getLong("consent_version") + 1, null, null, Instant.now());
        EventEnvelope event = new EventEnvelope(UUID.randomUUID().toString(), "consent.revoked", "consent-service",
                Instant.now(), subjects.get(0), 1, MAPPER.valueToTree(revoked));
        resend("test.consent.events", subjects.get(0), event);
        resend("test.consent.events", subjects.get(0), event); // redelivered
        await().atMost(Duration.ofSeconds(60)).until(() ->
                rows("SELECT count(*) FROM processed_event WHERE event_id = $1", event.id()) == 1);
        // the redelivery has been consumed once a later event on the same key (same partition) has:
        // the revocation of a consent no licence holds
        ConsentChanged unrelated = new ConsentChanged(UUID.randomUUID().toString(), subjects.get(0), "DATASET",
                newId("elsewhere"), "ai-training", List.of("steps"), "WITHDRAWN", 2, null, null, Instant.now());
        EventEnvelope sentinel = new EventEnvelope(UUID.randomUUID().toString(), "consent.revoked", "consent-service",
                Instant.now(), subjects.get(0), 1, MAPPER.valueToTree(unrelated));
        resend("test.consent.events", subjects.get(0), sentinel);
        await().atMost(Duration.ofSeconds(60)).until(() ->
                rows("SELECT count(*) FROM processed_event WHERE event_id = $1", sentinel.id()) == 1);

        assertThat(rows("SELECT count(*) FROM licence_withdrawal WHERE purchase_id = cast($1 as uuid)", purchase))
                .isEqualTo(1);
        List<String> told = strings("SELECT payload FROM outbox WHERE event_key = $1 "
                + "AND payload LIKE '%licence.consent-withdrawn%'", purchase);
        assertThat(told).hasSize(1);
        assertThat(EventSchemas.problems(told.get(0))).isEmpty();
        assertThat(told.get(0)).contains(subjects.get(0)).contains(consumer);
        given().auth().oauth2(Tokens.consumer(consumer)).get("/api/purchases/" + purchase + "/withdrawals")
                .then().statusCode(200).body("total", equalTo(1)).body("items[0].subjectId", equalTo(subjects.get(0)));

        // once refunded, the licence is no longer live: a later withdrawal tells nobody
        given().auth().oauth2(Tokens.of("ops", "admin")).contentType(ContentType.JSON).body("{}")
                .post("/api/purchases/" + purchase + "/refund").then().statusCode(200);
        Row second = select("SELECT consent_id, consent_version FROM purchase_member "
                + "WHERE purchase_id = cast($1 as uuid) AND subject_id = $2", purchase, subjects.get(1)).get(0);
        String id2 = send("test.consent.events", subjects.get(1), "consent.revoked", "consent-service",
                new ConsentChanged(second.getString("consent_id"), subjects.get(1), "DATASET", ds, "ai-training",
                        List.of("steps"), "WITHDRAWN", second.getLong("consent_version") + 1, null, null, Instant.now()));
        await().atMost(Duration.ofSeconds(60)).until(() ->
                rows("SELECT count(*) FROM processed_event WHERE event_id = $1", id2) == 1);
        assertThat(rows("SELECT count(*) FROM licence_withdrawal WHERE purchase_id = cast($1 as uuid)", purchase))
                .isEqualTo(1);
    }

    @Test
    void aPurchaseReachesTheTopicAsItsCohortChunksThenCompletedUnderOneKey() throws Exception {
        String provider = newId("provider");
        String ds = dataset(provider, "ai-training");
        consentingMembers(ds, 5_001, 2, "ai-training", null);
        putPrice(provider, ds, priceBody(10, "{}", 0));
        String consumer = newId("consumer");
        String purchase = postPurchase(consumer, "k", quote(consumer, ds, "ai-training"))
                .then().statusCode(201).extract().path("id");

        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "pricing-test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<JsonNode> mine = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(props)) {
            c.subscribe(List.of("test.pricing.events"));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                    if (purchase.equals(r.key())) {
                        assertThat(EventSchemas.problems(r.value())).isEmpty();
                        mine.add(MAPPER.readTree(r.value()));
                    }
                }
                return mine.size() >= 3;
            });
        }
        assertThat(mine).extracting(e -> e.get("type").asText())
                .containsExactly("purchase.cohort", "purchase.cohort", "purchase.completed");
        assertThat(mine.get(0).at("/data/members").size() + mine.get(1).at("/data/members").size()).isEqualTo(5_001);
        assertThat(mine.get(2).at("/data/chunks").asInt()).isEqualTo(2);
        assertThat(mine.get(2).at("/data/amount").asLong()).isEqualTo(100_020);
    }

    @Test
    void anErasedSubjectLeavesOpenQuotesButThePaidLicenceKeepsItsRecord() throws Exception {
        String provider = newId("provider");
        String ds = dataset(provider, "ai-training");
        List<String> subjects = consentingMembers(ds, 2, 10, "ai-training", null);
        putPrice(provider, ds, priceBody(10, "{}", 0));
        String consumer = newId("consumer");
        String open = quote(consumer, ds, "ai-training");
        String bought = postPurchase(consumer, "k", quote(consumer, ds, "ai-training"))
                .then().statusCode(201).extract().path("id");

        String erased = subjects.get(0);
        String id = send("test.consent.events", erased, "subject.erased", "consent-service",
                new SubjectErased(erased, Instant.now()));
        await().atMost(Duration.ofSeconds(60)).until(() ->
                rows("SELECT count(*) FROM processed_event WHERE event_id = $1", id) == 1);

        assertThat(strings("SELECT subject_id FROM quote_member WHERE quote_id = cast($1 as uuid)", open))
                .containsExactly(subjects.get(1));
        assertThat(rows("SELECT count(*) FROM purchase_member WHERE purchase_id = cast($1 as uuid) AND subject_id = $2",
                bought, erased)).isEqualTo(1);
    }
}

package org.exchange.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.http.ContentType;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.exchange.contract.events.EventEnvelope;
import org.exchange.contract.events.EventTypes;
import org.exchange.contract.events.data.CohortMember;
import org.exchange.contract.events.data.Cohorts;
import org.exchange.contract.events.data.DatasetChanged;
import org.exchange.contract.events.data.PurchaseCohort;
import org.exchange.contract.events.data.PurchaseCompleted;
import org.exchange.testing.DeadLetterTopic;
import org.exchange.testing.TestEvents;
import org.exchange.testing.TestKafka;
import org.junit.jupiter.api.Test;

/**
 * The three attacks of issue 12 against the running stack, each now failing as it should:
 * a record that is not JSON stops no consumer; events forged with a publisher's own Kafka
 * credentials (and even with its signing key) mint no money and move no ownership.
 */
class ForgedEventsIT {

    static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aRecordThatIsNotJsonIsDeadLetteredAndTheCatalogAndPricingGoOn() throws Exception {
        String run = UUID.randomUUID().toString();
        try (KafkaProducer<String, String> consent = TestKafka.producer(TestKafka.client("consent-service"))) {
            consent.send(new ProducerRecord<>("consent.events", "poison-" + run, "this is not an event")).get();
        }
        for (String dlq : List.of("dlq.catalog-service", "dlq.pricing-service")) {
            List<DeadLetterTopic.Letter> letters = Broker.deadLetters(dlq, l -> ("poison-" + run).equals(l.key()), 1, WAIT);
            assertThat(letters).as(dlq).singleElement().satisfies(l -> {
                assertThat(l.reason()).isEqualTo("not-json");
                assertThat(l.headers()).containsEntry("dlq-topic", "consent.events");
            });
        }
        // and the consumers went on: a new consent is counted by the catalog
        String user = "forged-" + run.substring(0, 8);
        Stack.ensureUser(user, "subject");
        String datasetId = dataset("after poison " + run);
        Stack.as("acme-health").contentType(ContentType.JSON)
                .body(List.of(Map.of("subjectId", Stack.idOf(user), "records", 7)))
                .post("/api/datasets/" + datasetId + "/subjects").then().statusCode(200);
        Stack.as(user).contentType(ContentType.JSON)
                .body(Map.of("datasetId", datasetId, "purpose", "ai-training", "dataCategories", List.of("steps")))
                .post("/api/consents").then().statusCode(201);
        Story.eventually("the catalog to count the new consent", () -> {
            List<Map<String, Object>> consenting = Stack.as("ai-lab").get("/api/datasets/" + datasetId)
                    .then().statusCode(200).extract().path("consenting");
            return consenting.stream().anyMatch(c -> "ai-training".equals(c.get("purpose"))
                    && ((Number) c.get("subjects")).intValue() == 1) ? consenting : null;
        });
    }

    @Test
    void aForgedPurchaseOfABillionCreditsNobodyEvenWithPricingsCredentialsAndKey() throws Exception {
        String alice = Stack.idOf("alice");
        long pendingBefore = pending("alice");
        String unsigned = UUID.randomUUID().toString();
        String signed = UUID.randomUUID().toString();
        KeyPair pricingKey = Broker.signingKey("pricing-service");
        try (KafkaProducer<String, String> pricing = TestKafka.producer(TestKafka.client("pricing-service"))) {
            // 1. what the issue did: cohort naming alice + completed, written with pricing's own credentials
            for (EventEnvelope e : forgedPurchase(unsigned, alice)) {
                pricing.send(new ProducerRecord<>("pricing.events", null, unsigned, TestEvents.json(e), new RecordHeaders())).get();
            }
            // 2. worse: also signed with pricing-service's real signing key, for a purchase it never made
            for (EventEnvelope e : forgedPurchase(signed, alice)) {
                String value = TestEvents.json(e);
                pricing.send(new ProducerRecord<>("pricing.events", null, signed, value,
                        TestEvents.signedWith(pricingKey, Broker.keyId("pricing-service", pricingKey), value))).get();
            }
        }
        List<DeadLetterTopic.Letter> letters = Broker.deadLetters("dlq.payout-service",
                l -> unsigned.equals(l.key()) || signed.equals(l.key()), 3, WAIT);
        assertThat(letters).extracting(l -> l.key().equals(unsigned) ? "unsigned:" + l.reason() : "signed:" + l.reason())
                .containsExactlyInAnyOrder("unsigned:unsigned", "unsigned:unsigned", "signed:unconfirmed");

        assertThat(pending("alice")).as("alice's pending balance").isEqualTo(pendingBefore);
        List<Map<String, Object>> lines = Stack.as("alice").get("/api/earnings").then().statusCode(200).extract().path("lines");
        assertThat(lines).noneMatch(l -> unsigned.equals(l.get("purchaseId")) || signed.equals(l.get("purchaseId")));
        Stack.as("auditor").get("/api/ledger/verify").then().statusCode(200)
                .body("balanced", org.hamcrest.Matchers.equalTo(true));
    }

    @Test
    void aForgedOwnerChangeOfADatasetMovesNoPriceBook() throws Exception {
        String datasetId = dataset("owner forgery " + UUID.randomUUID());
        String intruder = "intruder-" + UUID.randomUUID().toString().substring(0, 8);
        KeyPair catalogKey = Broker.signingKey("catalog-service");
        EventEnvelope takeover = TestEvents.envelope(EventTypes.DATASET_UPDATED, "catalog-service", datasetId,
                new DatasetChanged(datasetId, intruder, 99, "mine now", List.of("steps"), List.of("ai-training"),
                        "PUBLISHED", Instant.now()));
        String value = TestEvents.json(takeover);
        // pricing knows the dataset's owner once it has a price book
        Stack.as("acme-health").contentType(ContentType.JSON).body(Map.of("currency", "EUR", "pricePerRecord", 5,
                "purposeMultipliers", Map.of(), "minimumPrice", 100)).put("/api/datasets/" + datasetId + "/price")
                .then().statusCode(200);
        try (KafkaProducer<String, String> catalog = TestKafka.producer(TestKafka.client("catalog-service"))) {
            catalog.send(new ProducerRecord<>("catalog.events", null, datasetId, value,
                    TestEvents.signedWith(catalogKey, Broker.keyId("catalog-service", catalogKey), value))).get();
        }
        List<DeadLetterTopic.Letter> letters = Broker.deadLetters("dlq.pricing-service",
                l -> datasetId.equals(l.key()), 1, WAIT);
        assertThat(letters).singleElement().extracting(DeadLetterTopic.Letter::reason).isEqualTo("owner-mismatch");
        // the owner still prices it
        Stack.as("acme-health").contentType(ContentType.JSON).body(Map.of("currency", "EUR", "pricePerRecord", 6,
                "purposeMultipliers", Map.of(), "minimumPrice", 100)).put("/api/datasets/" + datasetId + "/price")
                .then().statusCode(200);
    }

    static List<EventEnvelope> forgedPurchase(String purchaseId, String subjectId) {
        List<CohortMember> cohort = List.of(new CohortMember(subjectId, 1000, UUID.randomUUID().toString(), 1));
        return List.of(
                TestEvents.envelope(EventTypes.PURCHASE_COHORT, "pricing-service", purchaseId,
                        new PurchaseCohort(purchaseId, 0, 1, cohort)),
                TestEvents.envelope(EventTypes.PURCHASE_COMPLETED, "pricing-service", purchaseId,
                        new PurchaseCompleted(purchaseId, UUID.randomUUID().toString(), Stack.idOf("ai-lab"),
                                Stack.idOf("acme-health"), UUID.randomUUID().toString(), 1, "ai-training",
                                1_000_000_000L, "EUR", 1, 1000, 1, Cohorts.root(cohort), Instant.now())));
    }

    static long pending(String user) {
        Number pending = Stack.as(user).get("/api/earnings").then().statusCode(200).extract().path("balance.pending");
        return pending.longValue();
    }

    static String dataset(String title) {
        return Stack.as("acme-health").contentType(ContentType.JSON).body(Map.of("title", title,
                        "description", "fault fixture", "categories", List.of("steps"),
                        "allowedPurposes", List.of("ai-training"), "schema", Map.of("steps", "integer"),
                        "licenceTerms", "test only"))
                .post("/api/datasets").then().statusCode(201).extract().path("id");
    }
}

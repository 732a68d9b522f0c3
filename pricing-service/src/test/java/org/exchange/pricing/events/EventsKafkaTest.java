package org.exchange.pricing.events;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Row;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.exchange.contract.events.EventEnvelope;
import org.exchange.contract.events.EventTypes;
import org.exchange.contract.events.data.CohortMember;
import org.exchange.contract.events.data.Cohorts;
import org.exchange.contract.events.data.ConsentChanged;
import org.exchange.contract.events.data.DatasetChanged;
import org.exchange.contract.events.data.SubjectErased;
import org.exchange.pricing.support.PricingTestBase;
import org.exchange.testing.EventSchemas;
import org.exchange.testing.Rows;
import org.exchange.testing.TestEvents;
import org.exchange.testing.TestKafka;
import org.exchange.testing.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against the real broker: the catalog projection, Art. 19 notifications, and the outbox reaching Kafka. */
@QuarkusTest
class EventsKafkaTest extends PricingTestBase {

    static KafkaProducer<String, String> producer;

    @BeforeAll
    static void connect() {
        producer = TestKafka.producer();
    }

    @AfterAll
    static void close() {
        producer.close();
    }

    /** A new event as its publisher writes it (signed), keyed by {@code key}; returns it. */
    static EventEnvelope send(String topic, String key, String type, String source, Object data) throws Exception {
        EventEnvelope e = TestEvents.envelope(type, source, key, data);
        resend(topic, e);
        return e;
    }

    static void resend(String topic, EventEnvelope e) throws Exception {
        producer.send(TestEvents.record(topic, e)).get();
    }

    /** catalog's dataset.updated (or dataset.withdrawn), signed; dataset ids are UUIDs in the contract. */
    static EventEnvelope dataset(String id, String provider, long revision, String status, String... purposes)
            throws Exception {
        boolean withdrawn = status.equals("WITHDRAWN");
        return send("test.catalog.events", id, withdrawn ? EventTypes.DATASET_WITHDRAWN : EventTypes.DATASET_UPDATED,
                "catalog-service", new DatasetChanged(id, provider, revision, "t", List.of("steps"), List.of(purposes),
                        status, Instant.now()));
    }

    static ConsentChanged revocation(String consentId, String subject, String datasetId, long version) {
        return new ConsentChanged(consentId, subject, "DATASET", datasetId, "ai-training", List.of("steps"), "WITHDRAWN",
                version, null, null, Instant.now());
    }

    /** The first {@code n} records of test.pricing.events keyed {@code key}, in order, each valid against its schema. */
    static List<JsonNode> published(String key, int n) {
        List<JsonNode> mine = new ArrayList<>();
        try (KafkaConsumer<String, String> c = TestKafka.consumer("pricing-test")) {
            c.subscribe(List.of("test.pricing.events"));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                    if (key.equals(r.key())) {
                        assertThat(EventSchemas.problems(r.value())).as("published schema of " + r.value()).isEmpty();
                        mine.add(TestEvents.MAPPER.readTree(r.value()));
                    }
                }
                return mine.size() >= n;
            });
        }
        return mine;
    }

    /** The members of a purchase's purchase.cohort events, chunk 0 first, in the order they travel. */
    static List<CohortMember> members(List<JsonNode> chunks) {
        List<CohortMember> members = new ArrayList<>();
        for (JsonNode chunk : chunks) {
            for (JsonNode m : chunk.at("/data/members")) {
                members.add(TestEvents.MAPPER.convertValue(m, CohortMember.class));
            }
        }
        return members;
    }

    /** The pinned cohort as payout reads it: GET /internal/purchases/{id}/cohort, page after page, in order. */
    static List<CohortMember> internalCohort(String purchase, int limit) {
        List<CohortMember> members = new ArrayList<>();
        String next = null;
        do {
            var page = given().auth().oauth2(Tokens.service("payout-service")).queryParam("limit", limit)
                    .queryParam("after", next).get("/internal/purchases/" + purchase + "/cohort")
                    .then().statusCode(200).extract();
            members.addAll(page.jsonPath().getList("members", CohortMember.class));
            next = page.path("next");
        } while (next != null);
        return members;
    }

    @Test
    void theCatalogProjectionKeepsTheHighestRevisionAndDrivesPriceBookOwnership() throws Exception {
        // catalog's HTTP API does not know this dataset: only the events tell pricing about it
        String ds = UUID.randomUUID().toString();
        String provider = newId("provider");
        dataset(ds, provider, 2, "PUBLISHED", "ai-training", "academic-research");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> Rows.count(db, "SELECT count(*) FROM dataset_view WHERE dataset_id = $1", ds) == 1);

        dataset(ds, provider, 1, "PUBLISHED", "ai-training"); // older, arrives late: ignored
        dataset(ds, provider, 3, "PUBLISHED", "ai-training", "academic-research", "public-health");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Rows.count(db, "SELECT revision FROM dataset_view WHERE dataset_id = $1", ds) == 3);
        assertThat(strings("SELECT allowed_purposes FROM dataset_view WHERE dataset_id = $1", ds))
                .containsExactly("ai-training,academic-research,public-health");
        // an older revision consumed after the newest changes nothing
        String late = dataset(ds, provider, 2, "PUBLISHED", "ai-training").id();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Rows.count(db, "SELECT count(*) FROM processed_event WHERE event_id = $1", late) == 1);
        assertThat(Rows.count(db, "SELECT revision FROM dataset_view WHERE dataset_id = $1", ds)).isEqualTo(3);
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
        Row pinned = Rows.first(db, "SELECT consent_id, consent_version FROM purchase_member "
                + "WHERE purchase_id = cast($1 as uuid) AND subject_id = $2", purchase, subjects.get(0));
        String consentId = pinned.getString("consent_id");

        EventEnvelope event = TestEvents.envelope(EventTypes.CONSENT_REVOKED, "consent-service", subjects.get(0),
                revocation(consentId, subjects.get(0), ds, pinned.getLong("consent_version") + 1));
        resend("test.consent.events", event);
        resend("test.consent.events", event); // redelivered
        await().atMost(Duration.ofSeconds(60)).until(() ->
                Rows.count(db, "SELECT count(*) FROM processed_event WHERE event_id = $1", event.id()) == 1);
        // the redelivery has been consumed once a later event on the same key (same partition) has:
        // the revocation of a consent no licence holds
        EventEnvelope sentinel = send("test.consent.events", subjects.get(0), EventTypes.CONSENT_REVOKED,
                "consent-service", revocation(UUID.randomUUID().toString(), subjects.get(0), newId("elsewhere"), 2));
        await().atMost(Duration.ofSeconds(60)).until(() ->
                Rows.count(db, "SELECT count(*) FROM processed_event WHERE event_id = $1", sentinel.id()) == 1);

        assertThat(Rows.count(db, "SELECT count(*) FROM licence_withdrawal "
                + "WHERE purchase_id = cast($1 as uuid)", purchase))
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
        Row second = Rows.first(db, "SELECT consent_id, consent_version FROM purchase_member "
                + "WHERE purchase_id = cast($1 as uuid) AND subject_id = $2", purchase, subjects.get(1));
        String id2 = send("test.consent.events", subjects.get(1), EventTypes.CONSENT_REVOKED, "consent-service",
                revocation(second.getString("consent_id"), subjects.get(1), ds, second.getLong("consent_version") + 1))
                .id();
        await().atMost(Duration.ofSeconds(60)).until(() ->
                Rows.count(db, "SELECT count(*) FROM processed_event WHERE event_id = $1", id2) == 1);
        assertThat(Rows.count(db, "SELECT count(*) FROM licence_withdrawal "
                + "WHERE purchase_id = cast($1 as uuid)", purchase))
                .isEqualTo(1);
    }

    @Test
    void aPurchaseReachesTheTopicAsItsCohortChunksThenCompletedUnderOneKey() throws Exception {
        String provider = newId("provider");
        String ds = dataset(provider, "ai-training");
        consentingMembers(ds, 5_001, 2, "ai-training", null);
        putPrice(provider, ds, priceBody(10, "{}", 0));
        String consumer = newId("consumer");
        var created = postPurchase(consumer, "k", quote(consumer, ds, "ai-training")).then().statusCode(201).extract();
        String purchase = created.path("id");
        String cohortRoot = created.path("cohortRoot");

        List<JsonNode> mine = published(purchase, 3);
        assertThat(mine).extracting(e -> e.get("type").asText())
                .containsExactly("purchase.cohort", "purchase.cohort", "purchase.completed");
        assertThat(mine.get(0).at("/data/members").size() + mine.get(1).at("/data/members").size()).isEqualTo(5_001);
        assertThat(mine.get(2).at("/data/chunks").asInt()).isEqualTo(2);
        assertThat(mine.get(2).at("/data/amount").asLong()).isEqualTo(100_020);
        // the chunks, in the order they travel, are the cohort purchase.completed commits to
        List<CohortMember> travelled = members(mine.subList(0, 2));
        assertThat(mine.get(2).at("/data/cohortRoot").asText()).isEqualTo(Cohorts.root(travelled))
                .isEqualTo(cohortRoot);
        assertThat(travelled).containsExactlyElementsOf(internalCohort(purchase, 5_000));
    }

    @Test
    void purchaseCompletedCommitsToThePinnedCohortInTheOrderPricingServesIt() throws Exception {
        String provider = newId("provider");
        String ds = dataset(provider, "ai-training");
        // ids of mixed case, digits and punctuation, added out of order, with different record counts
        List<String> ids = List.of(ds + "-b", ds + "-A", ds + "-a.1", ds + "-Z", ds + "-0", ds + "-a_2", ds + ":x",
                ds + "-a-3");
        for (int i = 0; i < ids.size(); i++) {
            catalog.addMember(ds, ids.get(i), i + 1);
            consent.grantForDataset(ids.get(i), ds, "ai-training", null);
        }
        putPrice(provider, ds, priceBody(10, "{}", 0));
        String consumer = newId("consumer");
        String quote = quote(consumer, ds, "ai-training");
        consent.revokeForDataset(ids.get(3), ds, "ai-training"); // leaves the pinned cohort, not the quote
        consent.grantForDataset(ids.get(1), ds, "ai-training", null); // renewed: version 2 is pinned

        var created = postPurchase(consumer, "k", quote).then().statusCode(201).body("subjects", equalTo(7)).extract();
        String purchase = created.path("id");
        String cohortRoot = created.path("cohortRoot");

        List<CohortMember> served = internalCohort(purchase, 3);
        assertThat(served).extracting(CohortMember::subjectId).hasSize(7).doesNotContain(ids.get(3))
                .isSortedAccordingTo(String::compareTo);
        assertThat(served).filteredOn(m -> m.subjectId().equals(ids.get(1))).singleElement()
                .extracting(CohortMember::consentVersion).isEqualTo(2L);
        assertThat(Cohorts.root(served)).isEqualTo(cohortRoot);
        // the root commits to the order too: the same members in another order do not hash to it
        List<CohortMember> reversed = new ArrayList<>(served);
        java.util.Collections.reverse(reversed);
        assertThat(Cohorts.root(reversed)).isNotEqualTo(cohortRoot);

        List<JsonNode> mine = published(purchase, 2);
        assertThat(mine).extracting(e -> e.get("type").asText()).containsExactly("purchase.cohort", "purchase.completed");
        assertThat(members(mine.subList(0, 1))).containsExactlyElementsOf(served);
        assertThat(mine.get(1).at("/data/cohortRoot").asText()).isEqualTo(cohortRoot);
        assertThat(mine.get(1).at("/data/subjects").asInt()).isEqualTo(7);

        given().auth().oauth2(Tokens.consumer(consumer)).get("/api/purchases/" + purchase)
                .then().statusCode(200).body("cohortRoot", equalTo(cohortRoot));
        given().auth().oauth2(Tokens.service("payout-service")).get("/internal/purchases/" + purchase)
                .then().statusCode(200).body("cohortRoot", equalTo(cohortRoot));
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
        String id = send("test.consent.events", erased, EventTypes.SUBJECT_ERASED, "consent-service",
                new SubjectErased(erased, Instant.now())).id();
        await().atMost(Duration.ofSeconds(60)).until(() ->
                Rows.count(db, "SELECT count(*) FROM processed_event WHERE event_id = $1", id) == 1);

        assertThat(strings("SELECT subject_id FROM quote_member WHERE quote_id = cast($1 as uuid)", open))
                .containsExactly(subjects.get(1));
        assertThat(Rows.count(db, "SELECT count(*) FROM purchase_member "
                + "WHERE purchase_id = cast($1 as uuid) AND subject_id = $2",
                bought, erased)).isEqualTo(1);
    }
}

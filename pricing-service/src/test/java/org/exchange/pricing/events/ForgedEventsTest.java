package org.exchange.pricing.events;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Row;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.exchange.contract.events.EventEnvelope;
import org.exchange.contract.events.EventTypes;
import org.exchange.contract.events.data.ConsentChanged;
import org.exchange.contract.events.data.DatasetChanged;
import org.exchange.contract.events.data.SubjectErased;
import org.exchange.contract.signing.Ed25519;
import org.exchange.kit.service.ExchangeException;
import org.exchange.pricing.support.PricingTestBase;
import org.exchange.testing.DeadLetterTopic;
import org.exchange.testing.Rows;
import org.exchange.testing.TestEvents;
import org.exchange.testing.TestKafka;
import org.exchange.testing.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Invariant 8 for pricing's consumers, through the real broker: no event moves a dataset's
 * ownership (who may price it), tells a licence holder of a withdrawal, or erases a subject unless
 * its publisher really said so. Forged records are dead-lettered with their reason and change
 * nothing; the genuine event that follows is still applied.
 */
@QuarkusTest
class ForgedEventsTest extends PricingTestBase {

    static final String CATALOG = "test.catalog.events";
    static final String CONSENT = "test.consent.events";
    static final String DLQ = "test.dlq.pricing-service";
    static final KeyPair FORGER = Ed25519.generate();

    static KafkaProducer<String, String> producer;

    @BeforeAll
    static void connect() {
        producer = TestKafka.producer();
    }

    @AfterAll
    static void close() {
        producer.close();
    }

    /** A dataset.published (revision 1) or dataset.updated as catalog-service writes it. */
    static EventEnvelope datasetEvent(String type, String datasetId, String provider, long revision,
                                      String... purposes) {
        return TestEvents.envelope(type, "catalog-service", datasetId, new DatasetChanged(datasetId, provider, revision,
                "t", List.of("steps"), List.of(purposes), "PUBLISHED", Instant.now()));
    }

    /** consent-service's consent.revoked of a dataset-scoped consent, at {@code version}. */
    static EventEnvelope revocation(String subject, String consentId, String datasetId, long version) {
        return TestEvents.envelope(EventTypes.CONSENT_REVOKED, "consent-service", subject, new ConsentChanged(consentId,
                subject, "DATASET", datasetId, "ai-training", List.of("steps"), "WITHDRAWN", version, null, null,
                Instant.now()));
    }

    static void send(ProducerRecord<String, String> record) throws Exception {
        producer.send(record).get();
    }

    static ProducerRecord<String, String> unsigned(String topic, EventEnvelope e) {
        return new ProducerRecord<>(topic, null, e.subject(), TestEvents.json(e), new RecordHeaders());
    }

    /** Signed, but with a key the publisher does not publish. */
    static ProducerRecord<String, String> signedWithForeignKey(String topic, EventEnvelope e) {
        String value = TestEvents.json(e);
        return new ProducerRecord<>(topic, null, e.subject(), value, TestEvents.signedWith(FORGER, "forger:1", value));
    }

    /** Signed with a forger's key under the publisher's key id. */
    static ProducerRecord<String, String> signedUnderThePublishersKeyId(String topic, EventEnvelope e) {
        String value = TestEvents.json(e);
        return new ProducerRecord<>(topic, null, e.subject(), value, TestEvents.signedWith(FORGER, TestEvents.KEY_ID,
                value));
    }

    static List<DeadLetterTopic.Letter> deadLetters(String key, int count) {
        List<DeadLetterTopic.Letter> letters = DeadLetterTopic.await(DLQ, l -> key.equals(l.key()), count,
                Duration.ofSeconds(60));
        assertThat(letters).as("dead letters keyed " + key).hasSize(count);
        return letters;
    }

    long processed(EventEnvelope e) {
        return Rows.count(db, "SELECT count(*) FROM processed_event WHERE event_id = $1", e.id());
    }

    static void putPriceAs(String provider, String datasetId, int status) {
        given().auth().oauth2(Tokens.provider(provider)).contentType(ContentType.JSON).body(priceBody(7, "{}", 0))
                .put("/api/datasets/" + datasetId + "/price").then().statusCode(status);
    }

    @Test
    void aForgedOwnerChangeOfAKnownDatasetIsDeadLetteredAndTheOwnerKeepsItsPriceBook() throws Exception {
        String ds = UUID.randomUUID().toString();
        String owner = newId("provider");
        String forger = newId("forger");
        send(TestEvents.record(CATALOG, datasetEvent(EventTypes.DATASET_PUBLISHED, ds, owner, 1, "ai-training",
                "academic-research")));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> Rows.count(db, "SELECT count(*) FROM dataset_view WHERE dataset_id = $1", ds) == 1);
        putPrice(owner, ds, priceBody(5, "{}", 0));

        // signed as catalog signs, but naming another provider for a dataset pricing already knows
        EventEnvelope takeover = datasetEvent(EventTypes.DATASET_UPDATED, ds, forger, 2, "ai-training", "public-health");
        EventEnvelope republished = datasetEvent(EventTypes.DATASET_PUBLISHED, ds, forger, 1, "ai-training");
        send(TestEvents.record(CATALOG, takeover));
        send(TestEvents.record(CATALOG, republished));

        List<DeadLetterTopic.Letter> letters = deadLetters(ds, 2);
        assertThat(letters).extracting(DeadLetterTopic.Letter::reason).containsOnly("owner-mismatch");
        assertThat(letters).extracting(DeadLetterTopic.Letter::value)
                .containsExactlyInAnyOrder(TestEvents.json(takeover), TestEvents.json(republished));
        assertThat(letters).allSatisfy(l -> {
            assertThat(l.headers()).containsEntry("dlq-consumer", "pricing.dataset-projection")
                    .containsEntry("dlq-topic", CATALOG);
            assertThat(l.headers().get("dlq-detail")).contains(owner).contains(forger);
        });
        Row view = Rows.first(db, "SELECT provider_id, revision, allowed_purposes FROM dataset_view "
                + "WHERE dataset_id = $1", ds);
        assertThat(view.getString("provider_id")).isEqualTo(owner);
        assertThat(view.getLong("revision")).isEqualTo(1);
        assertThat(view.getString("allowed_purposes")).isEqualTo("ai-training,academic-research");
        assertThat(processed(takeover) + processed(republished)).isZero();

        putPriceAs(forger, ds, 404);
        given().auth().oauth2(Tokens.consumer(newId("consumer"))).get("/api/datasets/" + ds + "/price")
                .then().statusCode(200).body("version", equalTo(1)).body("pricePerRecord", equalTo(5));
        putPriceAs(owner, ds, 200);
        assertThat(Rows.count(db, "SELECT count(*) FROM price_book "
                + "WHERE dataset_id = $1 AND provider_id = $2", ds, forger))
                .isZero();

        // the owner's own update still goes through
        send(TestEvents.record(CATALOG, datasetEvent(EventTypes.DATASET_UPDATED, ds, owner, 2, "ai-training",
                "public-health")));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> Rows.count(db, "SELECT revision FROM dataset_view WHERE dataset_id = $1", ds) == 2);
        putPrice(owner, ds, priceBody(5, "{\"public-health\": 5000}", 0));
    }

    @Test
    void aForgedOwnerChangeOfADatasetKnownFromCatalogIsDeadLettered() throws Exception {
        String ds = UUID.randomUUID().toString();
        String owner = newId("provider");
        String forger = newId("forger");
        catalog.publish(ds, owner, "ai-training"); // pricing learns it from catalog's API, not from an event
        putPrice(owner, ds, priceBody(5, "{}", 0));

        EventEnvelope takeover = datasetEvent(EventTypes.DATASET_UPDATED, ds, forger, 9, "ai-training");
        send(TestEvents.record(CATALOG, takeover));

        assertThat(deadLetters(ds, 1)).extracting(DeadLetterTopic.Letter::reason).containsExactly("owner-mismatch");
        assertThat(strings("SELECT provider_id FROM dataset_view WHERE dataset_id = $1", ds)).containsExactly(owner);
        assertThat(Rows.count(db, "SELECT revision FROM dataset_view WHERE dataset_id = $1", ds)).isEqualTo(1);
        assertThat(processed(takeover)).isZero();
        putPriceAs(forger, ds, 404);
        putPriceAs(owner, ds, 200);
    }

    @Test
    void anUnsignedOrForeignSignedPublicationOfANewDatasetChangesNothing() throws Exception {
        String ds = UUID.randomUUID().toString();
        String claimant = newId("forger");
        EventEnvelope claim = datasetEvent(EventTypes.DATASET_PUBLISHED, ds, claimant, 1, "ai-training");
        send(unsigned(CATALOG, claim));
        send(signedWithForeignKey(CATALOG, claim));
        send(signedUnderThePublishersKeyId(CATALOG, claim));

        assertThat(deadLetters(ds, 3)).extracting(DeadLetterTopic.Letter::reason)
                .containsExactlyInAnyOrder("unsigned", "unknown-key", "bad-signature");
        assertThat(Rows.count(db, "SELECT count(*) FROM dataset_view WHERE dataset_id = $1", ds)).isZero();
        assertThat(processed(claim)).isZero();

        // catalog itself does not know the dataset, so pricing has nobody to let price it
        assertThatThrownBy(() -> catalog.dataset(ds).await().indefinitely()).isInstanceOfSatisfying(
                ExchangeException.class, e -> assertThat(e.kind()).isEqualTo(ExchangeException.Kind.NOT_FOUND));
        putPriceAs(claimant, ds, 404);
        assertThat(Rows.count(db, "SELECT count(*) FROM dataset_view WHERE dataset_id = $1", ds)).isZero();
        assertThat(Rows.count(db, "SELECT count(*) FROM price_book WHERE dataset_id = $1", ds)).isZero();

        // the real publication of that dataset, for its real provider, is applied as if nothing had come before
        String owner = newId("provider");
        send(TestEvents.record(CATALOG, datasetEvent(EventTypes.DATASET_PUBLISHED, ds, owner, 1, "ai-training")));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> Rows.count(db, "SELECT count(*) FROM dataset_view WHERE dataset_id = $1", ds) == 1);
        assertThat(strings("SELECT provider_id FROM dataset_view WHERE dataset_id = $1", ds)).containsExactly(owner);
        putPriceAs(claimant, ds, 404);
        putPriceAs(owner, ds, 200);
    }

    @Test
    void aForgedRevocationTellsNoLicenceHolder() throws Exception {
        String provider = newId("provider");
        String ds = dataset(provider, "ai-training");
        List<String> subjects = consentingMembers(ds, 2, 10, "ai-training", null);
        putPrice(provider, ds, priceBody(10, "{}", 0));
        String consumer = newId("consumer");
        String purchase = postPurchase(consumer, "k", quote(consumer, ds, "ai-training"))
                .then().statusCode(201).extract().path("id");
        String subject = subjects.get(0);
        Row pinned = Rows.first(db, "SELECT consent_id, consent_version FROM purchase_member "
                + "WHERE purchase_id = cast($1 as uuid) AND subject_id = $2", purchase, subject);
        EventEnvelope revoked = revocation(subject, pinned.getString("consent_id"), ds,
                pinned.getLong("consent_version") + 1);

        send(unsigned(CONSENT, revoked));
        send(signedWithForeignKey(CONSENT, revoked));
        List<DeadLetterTopic.Letter> letters = deadLetters(subject, 2);
        assertThat(letters).extracting(DeadLetterTopic.Letter::reason).containsExactlyInAnyOrder("unsigned", "unknown-key");
        assertThat(letters).allSatisfy(l -> assertThat(l.headers())
                .containsEntry("dlq-consumer", "pricing.licence-withdrawals").containsEntry("dlq-topic", CONSENT));

        assertThat(Rows.count(db, "SELECT count(*) FROM licence_withdrawal "
                + "WHERE purchase_id = cast($1 as uuid)", purchase)).isZero();
        assertThat(Rows.count(db, "SELECT count(*) FROM outbox "
                + "WHERE event_key = $1 AND payload LIKE '%licence.consent-withdrawn%'",
                purchase)).isZero();
        assertThat(processed(revoked)).isZero();
        given().auth().oauth2(Tokens.consumer(consumer)).get("/api/purchases/" + purchase + "/withdrawals")
                .then().statusCode(200).body("total", equalTo(0));

        // the same event, as consent-service really signs it, is applied once: the forgeries used up nothing
        send(TestEvents.record(CONSENT, revoked));
        await().atMost(Duration.ofSeconds(60)).until(() -> processed(revoked) == 1);
        assertThat(strings("SELECT subject_id FROM licence_withdrawal WHERE purchase_id = cast($1 as uuid)", purchase))
                .containsExactly(subject);
        assertThat(Rows.count(db, "SELECT count(*) FROM outbox "
                + "WHERE event_key = $1 AND payload LIKE '%licence.consent-withdrawn%'",
                purchase)).isOne();
    }

    @Test
    void aForgedErasureRemovesNobodyFromQuoteCohorts() throws Exception {
        String provider = newId("provider");
        String ds = dataset(provider, "ai-training");
        List<String> subjects = consentingMembers(ds, 2, 10, "ai-training", null);
        putPrice(provider, ds, priceBody(10, "{}", 0));
        String consumer = newId("consumer");
        String open = quote(consumer, ds, "ai-training");
        String subject = subjects.get(0);
        EventEnvelope erased = TestEvents.envelope(EventTypes.SUBJECT_ERASED, "consent-service", subject,
                new SubjectErased(subject, Instant.now()));

        send(unsigned(CONSENT, erased));
        send(signedWithForeignKey(CONSENT, erased));
        send(signedUnderThePublishersKeyId(CONSENT, erased));
        assertThat(deadLetters(subject, 3)).extracting(DeadLetterTopic.Letter::reason)
                .containsExactlyInAnyOrder("unsigned", "unknown-key", "bad-signature");

        assertThat(strings("SELECT subject_id FROM quote_member WHERE quote_id = cast($1 as uuid) ORDER BY subject_id",
                open)).containsExactlyElementsOf(subjects);
        assertThat(Rows.count(db, "SELECT count(*) FROM quote_member WHERE subject_id = $1", subject)).isOne();
        assertThat(processed(erased)).isZero();

        send(TestEvents.record(CONSENT, erased)); // the real one
        await().atMost(Duration.ofSeconds(60)).until(() -> processed(erased) == 1);
        assertThat(strings("SELECT subject_id FROM quote_member WHERE quote_id = cast($1 as uuid)", open))
                .containsExactly(subjects.get(1));
    }
}

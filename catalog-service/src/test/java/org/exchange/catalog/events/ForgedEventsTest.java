package org.exchange.catalog.events;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.exchange.catalog.ConsentEvents;
import org.exchange.catalog.EventDelivery;
import org.exchange.catalog.Fixtures;
import org.exchange.contract.events.EventEnvelope;
import org.exchange.contract.signing.Ed25519;
import org.exchange.testing.Rows;
import org.exchange.testing.DeadLetterTopic;
import org.exchange.testing.TestEvents;
import org.exchange.testing.Tokens;
import org.junit.jupiter.api.Test;

/**
 * Invariant 8 for the catalog: a consent.events record consent-service did not sign (no
 * signature, another key under its key id, a key it does not publish, or its genuine signature
 * over a record edited afterwards) is dead-lettered by the real consumer and changes nothing: a
 * forged {@code subject.erased} removes no membership and no consent, a forged
 * {@code consent.granted} adds nothing to the counts, and neither takes the event id: the genuine
 * event of that id is still applied afterwards.
 */
@QuarkusTest
class ForgedEventsTest {

    static final String DEAD_LETTERS = "test.dlq.catalog-service";

    @Inject
    EventDelivery deliver;

    @Inject
    Pool db;

    record Forgery(String reason, String what, ConsumerRecord<String, String> record) {
    }

    /** {@code genuine} as a forger can write it, plus {@code edited}: a genuinely signed record changed afterwards. */
    static List<Forgery> forgeries(EventEnvelope genuine, ConsumerRecord<String, String> edited) {
        String topic = EventDelivery.CONSENT_TOPIC;
        String key = genuine.subject();
        String value = TestEvents.json(genuine);
        KeyPair foreign = Ed25519.generate();
        return List.of(
                new Forgery("unsigned", "no signature", TestEvents.received(topic, key, value, new RecordHeaders())),
                new Forgery("bad-signature", "another key under consent-service's key id",
                        TestEvents.received(topic, key, value, TestEvents.signedWith(foreign, TestEvents.KEY_ID, value))),
                new Forgery("unknown-key", "a key consent-service does not publish",
                        TestEvents.received(topic, key, value, TestEvents.signedWith(foreign, "forger:1", value))),
                new Forgery("bad-signature", "a genuine signature over a record edited afterwards", edited));
    }

    /** A record consent-service really signed for {@code original}, edited to say {@code forged} instead. */
    static ConsumerRecord<String, String> edited(EventEnvelope original, String from, String to, String key) {
        String signed = TestEvents.json(original);
        String changed = signed.replace(from, to);
        assertThat(changed).isNotEqualTo(signed);
        return TestEvents.received(EventDelivery.CONSENT_TOPIC, key, changed, TestEvents.signed(signed));
    }

    List<DeadLetterTopic.Letter> deliverAll(List<Forgery> forgeries, String key) {
        for (Forgery f : forgeries) {
            deliver.consentRecord(f.record());
        }
        // in-process, a record is consumed only once the broker holds its dead letter
        return DeadLetterTopic.await(DEAD_LETTERS, l -> key.equals(l.key())
                && EventDelivery.CONSENT_CONSUMER.equals(l.headers().get("dlq-consumer")), forgeries.size(),
                Duration.ofSeconds(30));
    }

    @Test
    void aForgedErasureRemovesNoMembershipAndNoConsent() {
        String provider = Fixtures.newProvider();
        String dataset = Fixtures.publish(provider, "Not erased", List.of("ai-training"));
        String other = Fixtures.publish(provider, "Not erased either", List.of("ai-training"));
        String victim = "victim-" + UUID.randomUUID();
        String decoy = "decoy-" + UUID.randomUUID();
        Fixtures.declare(provider, dataset, Fixtures.rows(List.of(victim), 5));
        Fixtures.declare(provider, other, Fixtures.rows(List.of(victim), 3));
        String consent = UUID.randomUUID().toString();
        deliver.consent(ConsentEvents.consent(consent, victim, "PROVIDER", provider, "ai-training", "GIVEN", 1, null));
        assertThat(consenting(dataset)).isEqualTo(1);

        EventEnvelope erasure = ConsentEvents.erased(victim);
        // the decoy's genuine erasure, edited to name the victim (same event id: the one the genuine erasure will use)
        EventEnvelope decoyErasure = ConsentEvents.withId(erasure.id(), ConsentEvents.erased(decoy));
        List<Forgery> forgeries = forgeries(erasure, edited(decoyErasure, decoy, victim, victim));
        List<DeadLetterTopic.Letter> letters = deliverAll(forgeries, victim);

        assertThat(letters).extracting(DeadLetterTopic.Letter::reason)
                .containsExactlyInAnyOrderElementsOf(forgeries.stream().map(Forgery::reason).toList());
        assertThat(deliver.processed(EventDelivery.CONSENT_CONSUMER, erasure.id())).isFalse();
        assertThat(Fixtures.members(db, dataset)).isEqualTo(1);
        assertThat(Fixtures.members(db, other)).isEqualTo(1);
        assertThat(Rows.count(db, "SELECT count(*) FROM consent_projection WHERE subject_id = $1 AND status = 'GIVEN'",
                victim)).isEqualTo(1);
        assertThat(Rows.count(db, "SELECT count(*) FROM erased_subject WHERE subject_id IN ($1, $2)", victim, decoy))
                .isZero();
        assertThat(consenting(dataset)).isEqualTo(1);
        assertThat(consenting(other)).isEqualTo(1);

        // the genuine erasure, under the id every forgery used, still takes effect
        deliver.consent(erasure);
        assertThat(Fixtures.members(db, dataset)).isZero();
        assertThat(Fixtures.members(db, other)).isZero();
        assertThat(Rows.count(db, "SELECT count(*) FROM consent_projection WHERE subject_id = $1", victim)).isZero();
        assertThat(consenting(dataset)).isZero();
    }

    @Test
    void aForgedGrantAddsNothingToTheCounts() {
        String provider = Fixtures.newProvider();
        String dataset = Fixtures.publish(provider, "Not granted", List.of("ai-training"));
        String elsewhere = UUID.randomUUID().toString(); // a dataset of another provider, where a grant is harmless
        String subject = "member-" + UUID.randomUUID();
        String consenting = "consenting-" + UUID.randomUUID();
        Fixtures.declare(provider, dataset, Fixtures.rows(List.of(subject, consenting), 4));
        deliver.consent(ConsentEvents.consent(UUID.randomUUID().toString(), consenting, "DATASET", dataset,
                "ai-training", "GIVEN", 1, null));
        assertThat(consenting(dataset)).isEqualTo(1);

        String consent = UUID.randomUUID().toString();
        EventEnvelope grant = ConsentEvents.consent(consent, subject, "DATASET", dataset, "ai-training", "GIVEN", 1,
                null);
        // the subject's genuine grant for a dataset elsewhere, edited to name this one
        EventEnvelope harmless = ConsentEvents.withId(grant.id(), ConsentEvents.consent(consent, subject, "DATASET",
                elsewhere, "ai-training", "GIVEN", 1, null));
        List<Forgery> forgeries = new ArrayList<>(forgeries(grant, edited(harmless, elsewhere, dataset, subject)));
        List<DeadLetterTopic.Letter> letters = deliverAll(forgeries, subject);

        assertThat(letters).extracting(DeadLetterTopic.Letter::reason)
                .containsExactlyInAnyOrderElementsOf(forgeries.stream().map(Forgery::reason).toList());
        assertThat(deliver.processed(EventDelivery.CONSENT_CONSUMER, grant.id())).isFalse();
        assertThat(Rows.count(db, "SELECT count(*) FROM consent_projection WHERE subject_id = $1", subject)).isZero();
        assertThat(consenting(dataset)).isEqualTo(1);
        assertThat(records(dataset)).isEqualTo(4);

        // the genuine grant, under the id every forgery used, is counted
        deliver.consent(grant);
        assertThat(consenting(dataset)).isEqualTo(2);
        assertThat(records(dataset)).isEqualTo(8);
    }

    long consenting(String dataset) {
        return given().auth().oauth2(Tokens.consumer("c")).get("/api/datasets/" + dataset)
                .then().statusCode(200).extract().jsonPath().getLong("consenting[0].subjects");
    }

    long records(String dataset) {
        return given().auth().oauth2(Tokens.consumer("c")).get("/api/datasets/" + dataset)
                .then().statusCode(200).extract().jsonPath().getLong("consenting[0].records");
    }
}

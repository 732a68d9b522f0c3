package org.exchange.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.exchange.contract.events.EventEnvelope;
import org.exchange.contract.events.EventHeaders;
import org.exchange.contract.signing.Ed25519;

/**
 * Records no consumer may apply, each with the dead-letter reason it must get: the catalogue of
 * what the kit's consumer checks (docs/events.md), built from one valid event of the topic.
 */
public final class Poison {

    /** A record that must be dead-lettered with {@code reason}. */
    public record Case(String reason, String what, ProducerRecord<String, String> record) {
    }

    private Poison() {
    }

    /**
     * @param topic   the (test) topic the consumer reads
     * @param valid   a valid event of a type the consumer handles, on that topic, from its owner
     * @param otherTypeOnTopic a valid type of another topic (e.g. {@code payout.paid} on consent.events)
     */
    public static List<Case> of(String topic, EventEnvelope valid, String otherTypeOnTopic) {
        String key = valid.subject();
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("not-json", "not JSON", signedRecord(topic, key, "this is not json {")));
        cases.add(new Case("not-json", "no value at all", new ProducerRecord<>(topic, null, key, null, new RecordHeaders())));
        cases.add(new Case("not-an-envelope", "a JSON array", signedRecord(topic, key, "[1, 2, 3]")));
        ObjectNode noSpec = tree(valid);
        noSpec.remove("specversion");
        cases.add(new Case("not-an-envelope", "no specversion", signedRecord(topic, key, noSpec.toString())));
        ObjectNode unknown = tree(valid);
        unknown.put("type", "money.minted");
        cases.add(new Case("unknown-type", "a type outside the contract", signedRecord(topic, key, unknown.toString())));
        ObjectNode elsewhere = tree(valid);
        elsewhere.put("type", otherTypeOnTopic);
        cases.add(new Case("wrong-topic", "a type of another topic", signedRecord(topic, key, elsewhere.toString())));
        ObjectNode source = tree(valid);
        source.put("source", "partner-service");
        cases.add(new Case("wrong-source", "another source", signedRecord(topic, key, source.toString())));
        ObjectNode badData = tree(valid);
        ((ObjectNode) badData.get("data")).put("surprise", true);
        cases.add(new Case("schema", "data outside the schema", signedRecord(topic, key, badData.toString())));
        ObjectNode noData = tree(valid);
        noData.remove("data");
        cases.add(new Case("schema", "no data", signedRecord(topic, key, noData.toString())));
        String value = TestEvents.json(valid);
        cases.add(new Case("key-mismatch", "keyed by another aggregate", signedRecord(topic, key + "-other", value)));
        cases.add(new Case("unsigned", "no signature", new ProducerRecord<>(topic, null, key, value, new RecordHeaders())));
        KeyPair foreign = Ed25519.generate();
        cases.add(new Case("bad-signature", "signed by someone else under the publisher's key id",
                new ProducerRecord<>(topic, null, key, value, TestEvents.signedWith(foreign, TestEvents.KEY_ID, value))));
        cases.add(new Case("unknown-key", "signed with a key the publisher does not publish",
                new ProducerRecord<>(topic, null, key, value, TestEvents.signedWith(foreign, "forger:1", value))));
        // still a valid event, but not the one that was signed (a new id escapes deduplication)
        String tampered = value.replace(valid.id(), java.util.UUID.randomUUID().toString());
        cases.add(new Case("bad-signature", "changed after it was signed",
                new ProducerRecord<>(topic, null, key, tampered, TestEvents.signed(value))));
        RecordHeaders garbled = new RecordHeaders();
        garbled.add(EventHeaders.KEY_ID, TestEvents.KEY_ID.getBytes(StandardCharsets.UTF_8));
        garbled.add(EventHeaders.SIGNATURE, "not base64url!".getBytes(StandardCharsets.UTF_8));
        cases.add(new Case("bad-signature", "a signature that is not base64url", new ProducerRecord<>(topic, null, key,
                value, garbled)));
        return cases;
    }

    private static ObjectNode tree(EventEnvelope e) {
        return TestEvents.MAPPER.valueToTree(e);
    }

    private static ProducerRecord<String, String> signedRecord(String topic, String key, String value) {
        return new ProducerRecord<>(topic, null, key, value, TestEvents.signed(value));
    }
}

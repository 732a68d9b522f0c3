package org.exchange.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.exchange.contract.events.EventEnvelope;
import org.exchange.contract.events.EventHeaders;
import org.exchange.contract.signing.Ed25519;

/**
 * Events as a publisher writes them, for tests: CloudEvents envelopes, serialised, and signed
 * with the test publisher's Ed25519 key. That key is generated per module (in
 * {@code target/test-events-ed25519.pem}, {@link TestEventKeys}) and never committed; {@link TestConfigSource} makes
 * every service under test trust it as the key of every publisher, as it would trust each
 * publisher's own. Records signed with any other key are forgeries.
 */
public final class TestEvents {

    public static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    public static final String KEY_ID = TestEventKeys.KEY_ID;

    private TestEvents() {
    }

    /** A new event of the current data version. */
    public static EventEnvelope envelope(String type, String source, String subject, Object data) {
        return EventEnvelope.of(UUID.randomUUID().toString(), type, source, Instant.now(), subject,
                MAPPER.valueToTree(data));
    }

    /** The same event under a new id, as a producer re-sending after a timeout would. */
    public static EventEnvelope resentUnderNewId(EventEnvelope e) {
        return EventEnvelope.of(UUID.randomUUID().toString(), e.type(), e.source(), e.time(), e.subject(), e.data());
    }

    public static String json(Object envelope) {
        try {
            return MAPPER.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The headers a publisher sends: structured-mode content type and the test key's signature. */
    public static Headers signed(String value) {
        return signedWith(keys(), KEY_ID, value);
    }

    public static Headers signedWith(KeyPair pair, String keyId, String value) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(EventHeaders.CONTENT_TYPE, EventEnvelope.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        headers.add(EventHeaders.KEY_ID, keyId.getBytes(StandardCharsets.UTF_8));
        headers.add(EventHeaders.SIGNATURE, Ed25519.base64url(Ed25519.sign(pair.getPrivate(),
                value.getBytes(StandardCharsets.UTF_8))).getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    /** A signed record of {@code envelope}, keyed by its subject, for a real producer. */
    public static ProducerRecord<String, String> record(String topic, EventEnvelope envelope) {
        String value = json(envelope);
        return new ProducerRecord<>(topic, null, envelope.subject(), value, signed(value));
    }

    /** A record as a consumer receives it, to hand to a consumer in-process (no broker). */
    public static ConsumerRecord<String, String> received(String topic, String key, String value, Headers headers) {
        return new ConsumerRecord<>(topic, 0, 0L, System.currentTimeMillis(), TimestampType.CREATE_TIME, -1, -1, key,
                value, headers, java.util.Optional.empty());
    }

    /** A signed record of {@code envelope} as a consumer receives it. */
    public static ConsumerRecord<String, String> received(String topic, EventEnvelope envelope) {
        String value = json(envelope);
        return received(topic, envelope.subject(), value, signed(value));
    }

    /** The test publisher's key pair. */
    public static KeyPair keys() {
        return TestEventKeys.keys();
    }
}

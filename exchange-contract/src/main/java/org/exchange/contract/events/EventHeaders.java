package org.exchange.contract.events;

/** The Kafka record headers of the partner contract (docs/asyncapi.yaml). */
public final class EventHeaders {
    /** {@link EventEnvelope#STRUCTURED_CONTENT_TYPE}: the CloudEvents Kafka binding's structured mode. */
    public static final String CONTENT_TYPE = "content-type";
    /** The id of the publisher's Ed25519 key that signed the record (see its {@code /api/events/keys}). */
    public static final String KEY_ID = "exchange-key-id";
    /** Ed25519 signature over the exact bytes of the record value, base64url without padding. */
    public static final String SIGNATURE = "exchange-signature";

    private EventHeaders() {
    }
}

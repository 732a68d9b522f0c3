package org.exchange.contract.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * The one envelope every event on every topic travels in: a CloudEvents 1.0 event in structured
 * mode (JSON), so that a partner can read it with any Kafka client or a CloudEvents SDK.
 *
 * @param specversion     always {@value #SPEC_VERSION}
 * @param id              unique event id; consumers deduplicate on it
 * @param type            e.g. {@code consent.granted}, see {@link EventTypes}
 * @param source          the emitting service, e.g. {@code consent-service}; it owns the topic
 * @param time            when the state change happened
 * @param subject         the aggregate id, also the Kafka record key
 * @param datacontenttype always {@value #DATA_CONTENT_TYPE}
 * @param dataschema      the published schema of this type and version ({@link #schemaOf})
 * @param dataversion     version of the {@code data} schema for this type (a CloudEvents
 *                        extension attribute; CloudEvents names are lower-case only)
 * @param data            the event body, described by {@code events/schemas/<type>.schema.json}
 */
public record EventEnvelope(String specversion, String id, String type, String source, Instant time, String subject,
                            String datacontenttype, String dataschema, int dataversion, JsonNode data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String DATA_CONTENT_TYPE = "application/json";
    /** The Kafka {@code content-type} header that marks a structured-mode CloudEvent (the Kafka binding). */
    public static final String STRUCTURED_CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8";
    public static final int DATA_VERSION = 1;

    /** A new event of the current data version. */
    public static EventEnvelope of(String id, String type, String source, Instant time, String subject, JsonNode data) {
        return new EventEnvelope(SPEC_VERSION, id, type, source, time, subject, DATA_CONTENT_TYPE,
                schemaOf(type, DATA_VERSION), DATA_VERSION, data);
    }

    /** The URI of the published schema of {@code type} (the schema file's own {@code $id}). */
    public static String schemaOf(String type, int version) {
        return "urn:exchange:events:" + type + ":" + version;
    }
}

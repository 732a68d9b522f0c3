package org.exchange.kit.events;

import io.quarkus.runtime.annotations.RegisterForReflection;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * The one envelope every event on every topic travels in (CloudEvents-style attributes).
 *
 * @param id          unique event id; consumers deduplicate on it
 * @param type        e.g. {@code consent.granted}, see {@link EventTypes}
 * @param source      the emitting service, e.g. {@code consent-service}
 * @param time        when the state change happened
 * @param subject     the aggregate id, also the Kafka record key
 * @param dataVersion version of the {@code data} schema for this type
 * @param data        the event body, described by {@code events/schemas/<type>.schema.json}
 */
@RegisterForReflection
public record EventEnvelope(String id, String type, String source, Instant time, String subject,
                            int dataVersion, JsonNode data) {
}

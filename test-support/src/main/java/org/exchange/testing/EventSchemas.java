package org.exchange.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;

/**
 * Validates events against the published JSON Schemas exactly as a partner would; the schemas
 * and the validator are exchange-kit's ({@code org.exchange.contract.events.EventSchemas}).
 */
public final class EventSchemas {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private EventSchemas() {
    }

    public static boolean hasSchema(String type) {
        return org.exchange.contract.events.EventSchemas.published(type);
    }

    /** The problems of {@code eventJson} against the schema of its own {@code type}; empty when valid. */
    public static Set<String> problems(String eventJson) {
        try {
            JsonNode event = MAPPER.readTree(eventJson);
            return new TreeSet<>(org.exchange.contract.events.EventSchemas.problems(event.path("type").asText(), event));
        } catch (IOException e) {
            return Set.of("not JSON: " + e.getMessage());
        }
    }
}

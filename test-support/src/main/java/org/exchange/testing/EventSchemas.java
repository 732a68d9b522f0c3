package org.exchange.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Validates events against the published JSON Schemas (resources of exchange-kit, which must be
 * on the test classpath:
 * {@code events/schemas/<type>.schema.json}), exactly as a partner would.
 */
public final class EventSchemas {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true)
            .build();
    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private EventSchemas() {
    }

    public static boolean hasSchema(String type) {
        return EventSchemas.class.getClassLoader().getResource(path(type)) != null;
    }

    /** The problems of {@code eventJson} against the schema of its own {@code type}; empty when valid. */
    public static Set<String> problems(String eventJson) {
        try {
            JsonNode event = MAPPER.readTree(eventJson);
            String type = event.path("type").asText();
            if (!hasSchema(type)) {
                return Set.of("no published schema for event type '" + type + "'");
            }
            JsonSchema schema = SCHEMAS.computeIfAbsent(type, EventSchemas::load);
            return schema.validate(event).stream().map(ValidationMessage::getMessage).collect(Collectors.toSet());
        } catch (IOException e) {
            return Set.of("not JSON: " + e.getMessage());
        }
    }

    private static JsonSchema load(String type) {
        try (InputStream in = EventSchemas.class.getClassLoader().getResourceAsStream(path(type))) {
            return FACTORY.getSchema(in, CONFIG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String path(String type) {
        return "events/schemas/" + type + ".schema.json";
    }
}

package org.exchange.contract.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The published JSON Schemas ({@code events/schemas/<type>.schema.json}, 2020-12, formats
 * asserted), as consumers and tests check events against them: exactly what a partner reads.
 */
public final class EventSchemas {

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true)
            .build();
    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private EventSchemas() {
    }

    public static String resource(String type) {
        return "events/schemas/" + type + ".schema.json";
    }

    public static boolean published(String type) {
        return type != null && EventSchemas.class.getClassLoader().getResource(resource(type)) != null;
    }

    /** The problems of {@code event} against the schema of {@code type}; empty when it is valid. */
    public static List<String> problems(String type, JsonNode event) {
        if (!published(type)) {
            return List.of("no published schema for event type '" + type + "'");
        }
        return SCHEMAS.computeIfAbsent(type, EventSchemas::load).validate(event).stream()
                .map(ValidationMessage::getMessage).sorted().toList();
    }

    private static JsonSchema load(String type) {
        try (InputStream in = EventSchemas.class.getClassLoader().getResourceAsStream(resource(type))) {
            return FACTORY.getSchema(in, CONFIG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

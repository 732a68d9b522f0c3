package org.exchange.kit.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The published contract is consistent: every schema is valid and has an example that passes it. */
class EventContractTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static List<String> schemaTypes() throws IOException, URISyntaxException {
        Path dir = Path.of(EventContractTest.class.getClassLoader().getResource("events/schemas").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString().replace(".schema.json", "")).sorted().toList();
        }
    }

    static JsonNode resource(String path) throws IOException {
        try (InputStream in = EventContractTest.class.getClassLoader().getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return MAPPER.readTree(in);
        }
    }

    @Test
    void everyExampleValidatesAgainstItsSchemaAndNamesItsType() throws Exception {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        assertThat(schemaTypes()).isNotEmpty();
        for (String type : schemaTypes()) {
            JsonNode example = resource("events/examples/" + type + ".json");
            assertThat(example.path("type").asText()).as("example of " + type).isEqualTo(type);
            assertThat(factory.getSchema(resource("events/schemas/" + type + ".schema.json"), config).validate(example))
                    .as("example of " + type + " against its schema").isEmpty();
        }
    }

    @Test
    void aSchemaRejectsAnEventWithoutItsData() throws Exception {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        for (String type : schemaTypes()) {
            com.fasterxml.jackson.databind.node.ObjectNode broken = (com.fasterxml.jackson.databind.node.ObjectNode)
                    resource("events/examples/" + type + ".json");
            broken.remove("data");
            assertThat(factory.getSchema(resource("events/schemas/" + type + ".schema.json")).validate(broken))
                    .as("schema of " + type + " requires data").isNotEmpty();
        }
    }
}

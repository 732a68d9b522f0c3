package org.exchange.contract.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The published contract is consistent: every schema is valid and has an example that passes it, every event is a
 * CloudEvents 1.0 structured-mode event whose envelope the schema pins down.
 */
class EventContractTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The CloudEvents 1.0 attributes every event carries, all required, and no other. */
    static final List<String> ENVELOPE = List.of("specversion", "id", "type", "source", "time", "subject",
            "datacontenttype", "dataschema", "dataversion", "data");

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
    void everyExampleIsACloudEventOfItsSchema() throws Exception {
        for (String type : schemaTypes()) {
            JsonNode schema = resource("events/schemas/" + type + ".schema.json");
            JsonNode example = resource("events/examples/" + type + ".json");
            String id = schema.path("$id").asText();
            assertThat(id).as("$id of " + type).isEqualTo("urn:exchange:events:" + type + ":1");

            assertThat(example.path("specversion").isTextual()).as("specversion of " + type + " is a string").isTrue();
            assertThat(example.path("specversion").asText()).as("specversion of " + type).isEqualTo("1.0");
            assertThat(example.path("dataschema").asText()).as("dataschema of " + type).isEqualTo(id);
            assertThat(example.path("datacontenttype").asText()).as("datacontenttype of " + type)
                    .isEqualTo("application/json");
            assertThat(example.path("dataversion").isInt()).as("dataversion of " + type + " is an integer").isTrue();
            assertThat(example.path("dataversion").asInt()).as("dataversion of " + type).isEqualTo(1);
            assertThat(example.path("subject").asText()).as("subject of " + type).isNotBlank();
            assertThat(example.path("source").asText()).as("source of " + type)
                    .isEqualTo(schema.path("properties").path("source").path("const").asText());

            JsonNode attributes = schema.path("properties");
            assertThat(attributes.path("specversion").path("const").asText()).as(type).isEqualTo("1.0");
            assertThat(attributes.path("dataschema").path("const").asText()).as(type).isEqualTo(id);
            assertThat(attributes.path("datacontenttype").path("const").asText()).as(type)
                    .isEqualTo("application/json");
            assertThat(attributes.path("dataversion").path("const").asInt()).as(type).isEqualTo(1);
            assertThat(attributes.fieldNames()).toIterable().as("attributes of " + type)
                    .containsExactlyInAnyOrderElementsOf(ENVELOPE)
                    .allMatch(name -> name.matches("[a-z0-9]+"), "CloudEvents attribute names: lower-case letters and digits");
            assertThat(schema.path("required")).extracting(JsonNode::asText).as("required attributes of " + type)
                    .containsExactlyInAnyOrderElementsOf(ENVELOPE);
            assertThat(schema.path("additionalProperties").isBoolean()
                    && !schema.path("additionalProperties").booleanValue())
                    .as("no other attribute in " + type).isTrue();
        }
    }

    @Test
    void aSchemaRejectsAnEventWithoutItsData() throws Exception {
        assertEveryExampleIsRejectedWhen("it has no data", event -> event.remove("data"));
    }

    @Test
    void aSchemaRejectsTheCamelCaseDataVersion() throws Exception {
        assertEveryExampleIsRejectedWhen("dataversion is spelled dataVersion",
                event -> event.set("dataVersion", event.remove("dataversion")));
    }

    @Test
    void aSchemaRejectsAnEventThatIsNotCloudEvents10() throws Exception {
        assertEveryExampleIsRejectedWhen("it has no specversion", event -> event.remove("specversion"));
        assertEveryExampleIsRejectedWhen("its specversion is 0.3", event -> event.put("specversion", "0.3"));
        assertEveryExampleIsRejectedWhen("its specversion is a number", event -> event.put("specversion", 1.0));
        assertEveryExampleIsRejectedWhen("it has no datacontenttype", event -> event.remove("datacontenttype"));
        assertEveryExampleIsRejectedWhen("its data is XML", event -> event.put("datacontenttype", "application/xml"));
        assertEveryExampleIsRejectedWhen("its dataschema is another type's",
                event -> event.put("dataschema", "urn:exchange:events:other.type:1"));
        assertEveryExampleIsRejectedWhen("it carries an unknown attribute", event -> event.put("traceid", "x"));
    }

    static void assertEveryExampleIsRejectedWhen(String what, Consumer<ObjectNode> breakIt) throws Exception {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        for (String type : schemaTypes()) {
            ObjectNode broken = (ObjectNode) resource("events/examples/" + type + ".json");
            breakIt.accept(broken);
            assertThat(factory.getSchema(resource("events/schemas/" + type + ".schema.json")).validate(broken))
                    .as("schema of " + type + " rejects an event when " + what).isNotEmpty();
        }
    }
}

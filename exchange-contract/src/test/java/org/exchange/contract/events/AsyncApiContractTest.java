package org.exchange.contract.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/asyncapi.yaml (AsyncAPI 3.0.0) describes exactly the published contract: every event type with a schema
 * has one message, in the channel of the topic its source owns; every reference resolves; the channels are the
 * four public topics; the broker's security scheme is SCRAM-SHA-512; the inlined examples are the published ones.
 */
class AsyncApiContractTest {

    /** The public topics, each written only by the service that owns it (a schema's {@code source} const). */
    static final Map<String, String> TOPIC_OF_SOURCE = Map.of(
            "consent-service", "consent.events",
            "catalog-service", "catalog.events",
            "pricing-service", "pricing.events",
            "payout-service", "payout.events");

    static final String SCHEMAS_FROM_DOCS = "../exchange-contract/src/main/resources/events/schemas/";
    static final String RECORD_CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8";
    static final List<String> RECORD_HEADERS = List.of("content-type", "exchange-key-id", "exchange-signature");

    /**
     * The messages declare {@code application/schema+json;version=draft-07} (the JSON Schema format AsyncAPI 3.0
     * requires tools to support) while the schemas say 2020-12: honest only while they use keywords that mean the
     * same in both drafts. {@code items} must stay a single schema (its array form changed meaning in 2020-12).
     */
    static final Set<String> DRAFT07_AND_202012_KEYWORDS = Set.of(
            "$schema", "$id", "title", "description", "type", "enum", "const", "format", "properties", "required",
            "additionalProperties", "items", "minItems", "maxItems", "uniqueItems", "minimum", "maximum",
            "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minLength", "maxLength", "pattern", "default",
            "examples");

    static final ObjectMapper JSON = new ObjectMapper();
    static Path docs;
    static JsonNode api;

    @BeforeAll
    static void load() throws IOException {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("docs/asyncapi.yaml"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("docs/asyncapi.yaml above " + System.getProperty("user.dir")).isNotNull();
        docs = dir.resolve("docs");
        api = new YAMLMapper().readTree(docs.resolve("asyncapi.yaml").toFile());
    }

    @Test
    void isAnAsyncApi3DocumentWhoseServersRequireScramSha512() {
        assertThat(api.path("asyncapi").asText()).isEqualTo("3.0.0");
        assertThat(api.path("info").path("title").asText()).isNotBlank();
        assertThat(api.path("info").path("version").asText()).isNotBlank();

        JsonNode schemes = api.path("components").path("securitySchemes");
        assertThat(schemes.size()).as("security schemes").isPositive();
        schemes.properties().forEach(e ->
                assertThat(e.getValue().path("type").asText()).as("security scheme " + e.getKey()).isEqualTo("scramSha512"));

        JsonNode servers = api.path("servers");
        assertThat(servers.path("local").path("host").asText()).isEqualTo("127.0.0.1:9092");
        assertThat(servers.path("local").path("protocol").asText()).isEqualTo("kafka");
        assertThat(servers.path("kubernetes").path("protocol").asText()).as("SCRAM over TLS").isEqualTo("kafka-secure");
        servers.properties().forEach(e -> {
            JsonNode security = e.getValue().path("security");
            assertThat(security.size()).as("security of server " + e.getKey()).isPositive();
            for (JsonNode requirement : security) {
                assertThat(resolve(requirement).path("type").asText())
                        .as("security of server " + e.getKey()).isEqualTo("scramSha512");
            }
        });
    }

    @Test
    void everyChannelIsOneOfTheFourPublicTopics() {
        List<String> addresses = new ArrayList<>();
        api.path("channels").properties().forEach(e -> {
            String address = e.getValue().path("address").asText();
            addresses.add(address);
            JsonNode binding = e.getValue().path("bindings").path("kafka").path("topic");
            if (!binding.isMissingNode()) {
                assertThat(binding.asText()).as("Kafka binding of channel " + e.getKey()).isEqualTo(address);
            }
        });
        assertThat(addresses).containsExactlyInAnyOrderElementsOf(TOPIC_OF_SOURCE.values());
    }

    @Test
    void everyEventTypeHasExactlyOneMessageInTheChannelOfTheTopicThatOwnsIt() throws Exception {
        Map<String, List<String>> topicsOfType = new LinkedHashMap<>();
        api.path("channels").properties().forEach(channel -> {
            String address = channel.getValue().path("address").asText();
            channel.getValue().path("messages").properties().forEach(m ->
                    topicsOfType.computeIfAbsent(resolve(m.getValue()).path("name").asText(), k -> new ArrayList<>())
                            .add(address));
        });
        List<String> componentMessages = new ArrayList<>();
        api.path("components").path("messages").forEach(m -> componentMessages.add(m.path("name").asText()));

        List<String> types = EventContractTest.schemaTypes();
        for (String type : types) {
            JsonNode schema = EventContractTest.resource("events/schemas/" + type + ".schema.json");
            String owner = TOPIC_OF_SOURCE.get(schema.path("properties").path("source").path("const").asText());
            assertThat(owner).as("topic owned by the source of " + type).isNotNull();
            assertThat(topicsOfType.get(type)).as("channels listing " + type).containsExactly(owner);
            assertThat(componentMessages.stream().filter(type::equals)).as("messages named " + type).hasSize(1);
        }
        assertThat(topicsOfType.keySet()).as("messages without a schema").isSubsetOf(types);
        assertThat(componentMessages).as("messages without a schema").isSubsetOf(types);
    }

    @Test
    void everyMessageIsASignedCloudEventWhosePayloadIsTheSchemaFileAndWhoseExampleIsThePublishedOne()
            throws Exception {
        JsonSchemaFactory draft202012 = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        JsonSchemaFactory draft07 = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
        SchemaValidatorsConfig formats = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        JsonNode messages = api.path("components").path("messages");
        assertThat(messages.size()).isEqualTo(EventContractTest.schemaTypes().size());
        for (JsonNode message : messages) {
            String type = message.path("name").asText();
            assertThat(message.path("contentType").asText()).as(type).isEqualTo("application/cloudevents+json");

            JsonNode payload = message.path("payload");
            assertThat(payload.path("schemaFormat").asText()).as(type)
                    .isEqualTo("application/schema+json;version=draft-07");
            String ref = payload.path("schema").path("$ref").asText();
            assertThat(ref).as("payload of " + type).isEqualTo(SCHEMAS_FROM_DOCS + type + ".schema.json");
            JsonNode schema = JSON.readTree(docs.resolve(ref).normalize().toFile());
            assertThat(schema).as(ref + " is the published schema")
                    .isEqualTo(EventContractTest.resource("events/schemas/" + type + ".schema.json"));

            JsonNode headers = resolve(message.path("headers"));
            assertThat(headers.path("required")).as("headers of " + type)
                    .extracting(JsonNode::asText).containsExactlyInAnyOrderElementsOf(RECORD_HEADERS);
            assertThat(headers.path("properties").path("content-type").path("const").asText()).as(type)
                    .isEqualTo(RECORD_CONTENT_TYPE);

            JsonNode key = message.path("bindings").path("kafka").path("key");
            assertThat(key.path("type").asText()).as("Kafka key of " + type).isEqualTo("string");

            JsonNode examples = message.path("examples");
            assertThat(examples.size()).as("examples of " + type).isPositive();
            for (JsonNode example : examples) {
                assertThat(example.path("payload")).as("example of " + type + " is the published one")
                        .isEqualTo(EventContractTest.resource("events/examples/" + type + ".json"));
                assertThat(draft202012.getSchema(schema, formats).validate(example.path("payload")))
                        .as("example of " + type + " against its schema").isEmpty();
                assertThat(draft07.getSchema(headers).validate(example.path("headers")))
                        .as("example headers of " + type).isEmpty();
            }
        }
    }

    @Test
    void partnersReceiveEveryChannelWithTheirOwnConsumerGroups() {
        Set<String> received = new TreeSet<>();
        api.path("operations").properties().forEach(e -> {
            JsonNode operation = e.getValue();
            assertThat(operation.path("action").asText()).as(e.getKey()).isEqualTo("receive");
            String channelRef = operation.path("channel").path("$ref").asText();
            assertThat(received.add(channelRef)).as("one operation per channel: " + channelRef).isTrue();
            JsonNode channel = resolve(operation.path("channel"));
            Set<String> listed = new TreeSet<>();
            operation.path("messages").forEach(m -> {
                assertThat(m.path("$ref").asText()).as(e.getKey()).startsWith(channelRef + "/messages/");
                listed.add(resolve(m).path("name").asText());
            });
            Set<String> ofChannel = new TreeSet<>();
            channel.path("messages").forEach(m -> ofChannel.add(resolve(m).path("name").asText()));
            assertThat(listed).as("messages received by " + e.getKey()).isEqualTo(ofChannel);
            assertThat(operation.path("bindings").path("kafka").path("groupId").path("pattern").asText())
                    .as("consumer groups of " + e.getKey()).isEqualTo("^partner-");
        });
        Set<String> channels = new TreeSet<>();
        api.path("channels").fieldNames().forEachRemaining(id -> channels.add("#/channels/" + id));
        assertThat(received).isEqualTo(channels);
    }

    @Test
    void everyReferenceResolves() throws IOException {
        List<String> refs = new ArrayList<>();
        collectRefs(api, refs);
        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            if (ref.startsWith("#")) {
                assertThat(api.at(JsonPointer.compile(ref.substring(1))).isMissingNode()).as(ref).isFalse();
            } else {
                int hash = ref.indexOf('#');
                Path file = docs.resolve(hash < 0 ? ref : ref.substring(0, hash)).normalize();
                assertThat(file).as(ref).isRegularFile();
                if (hash >= 0 && hash < ref.length() - 1) {
                    JsonNode target = JSON.readTree(file.toFile()).at(JsonPointer.compile(ref.substring(hash + 1)));
                    assertThat(target.isMissingNode()).as(ref).isFalse();
                }
            }
        }
    }

    @Test
    void theSchemasUseOnlyKeywordsThatMeanTheSameInDraft07And202012() throws Exception {
        for (String type : EventContractTest.schemaTypes()) {
            checkKeywords(type, "", EventContractTest.resource("events/schemas/" + type + ".schema.json"));
        }
    }

    static void checkKeywords(String type, String at, JsonNode schema) {
        assertThat(schema.isObject()).as(type + at + " is a schema object").isTrue();
        schema.properties().forEach(e -> {
            String keyword = e.getKey();
            String path = at + "/" + keyword;
            assertThat(DRAFT07_AND_202012_KEYWORDS).as(type + path).contains(keyword);
            switch (keyword) {
                case "properties" -> e.getValue().properties()
                        .forEach(p -> checkKeywords(type, path + "/" + p.getKey(), p.getValue()));
                case "items" -> checkKeywords(type, path, e.getValue());
                case "additionalProperties" -> {
                    if (!e.getValue().isBoolean()) {
                        checkKeywords(type, path, e.getValue());
                    }
                }
                default -> {
                }
            }
        });
    }

    /** The node a {@code {"$ref": "#/..."}} points to within the document, or the node itself if it is inline. */
    static JsonNode resolve(JsonNode node) {
        JsonNode ref = node.get("$ref");
        if (ref == null) {
            return node;
        }
        assertThat(ref.asText()).as("internal reference").startsWith("#/");
        JsonNode target = api.at(JsonPointer.compile(ref.asText().substring(1)));
        assertThat(target.isMissingNode()).as(ref.asText()).isFalse();
        return resolve(target);
    }

    static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals("$ref") && e.getValue().isTextual()) {
                    refs.add(e.getValue().asText());
                } else {
                    collectRefs(e.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, refs));
        }
    }
}

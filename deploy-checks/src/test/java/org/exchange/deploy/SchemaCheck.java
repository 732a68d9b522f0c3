package org.exchange.deploy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keycloak.representations.idm.RealmRepresentation;

/**
 * Validates one rendered object offline against a typed model of its kind:
 * <ul>
 * <li>built-in kinds: the fabric8 Kubernetes model (the API's own types, generated from its OpenAPI);</li>
 * <li>Kafka, KafkaNodePool, KafkaTopic, KafkaUser: the Strimzi API model (io.strimzi:api), the classes
 * the operators themselves deserialise into;</li>
 * <li>Keycloak, KeycloakRealmImport: a JSON Schema written from the operator's CRDs
 * (schemas/keycloak-operator-v2alpha1.schema.json), and the realm against Keycloak's RealmRepresentation.</li>
 * </ul>
 * Both models keep unknown fields in "additionalProperties" maps instead of failing, so every
 * deserialised object graph is walked and any unknown field is reported with its path. Strings are
 * never coerced into numbers or booleans. A kind not listed here is an error: nothing goes unchecked.
 */
final class SchemaCheck {

    private static final ObjectMapper STRICT = strictMapper();
    /**
     * Writes every property back, defaults included: the models leave out values equal to their
     * default (Strimzi's patternType literal, a false boolean), which would look lost otherwise.
     */
    private static final ObjectMapper WRITE_ALL = STRICT.copy().setAnnotationIntrospector(new JacksonAnnotationIntrospector() {
        @Override
        public JsonInclude.Value findPropertyInclusion(Annotated a) {
            return JsonInclude.Value.construct(JsonInclude.Include.ALWAYS, JsonInclude.Include.ALWAYS);
        }
    });

    private static final Map<String, Class<?>> MODELS = Map.ofEntries(
            Map.entry("v1/Namespace", io.fabric8.kubernetes.api.model.Namespace.class),
            Map.entry("v1/ConfigMap", io.fabric8.kubernetes.api.model.ConfigMap.class),
            Map.entry("v1/Secret", io.fabric8.kubernetes.api.model.Secret.class),
            Map.entry("v1/Service", io.fabric8.kubernetes.api.model.Service.class),
            Map.entry("apps/v1/Deployment", io.fabric8.kubernetes.api.model.apps.Deployment.class),
            Map.entry("apps/v1/StatefulSet", io.fabric8.kubernetes.api.model.apps.StatefulSet.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler",
                    io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class),
            Map.entry("policy/v1/PodDisruptionBudget", io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class),
            Map.entry("networking.k8s.io/v1/Ingress", io.fabric8.kubernetes.api.model.networking.v1.Ingress.class),
            Map.entry("kafka.strimzi.io/v1beta2/Kafka", io.strimzi.api.kafka.model.kafka.Kafka.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaNodePool", io.strimzi.api.kafka.model.nodepool.KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaTopic", io.strimzi.api.kafka.model.topic.KafkaTopic.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaUser", io.strimzi.api.kafka.model.user.KafkaUser.class));

    private static final Set<String> KEYCLOAK_KINDS =
            Set.of("k8s.keycloak.org/v2alpha1/Keycloak", "k8s.keycloak.org/v2alpha1/KeycloakRealmImport");

    private static JsonSchema keycloakSchema;

    private SchemaCheck() {
    }

    private static ObjectMapper strictMapper() {
        JsonMapper m = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .build();
        for (LogicalType t : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            m.coercionConfigFor(t).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        m.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        return m;
    }

    /** All problems of one object; empty when it is valid. */
    static List<String> problems(JsonNode object) {
        String key = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
        String where = key + " " + object.path("metadata").path("name").asText("<no name>");
        List<String> problems = new ArrayList<>();
        if (object.path("metadata").path("name").asText().isEmpty()) {
            problems.add(where + ": metadata.name is missing");
        }
        if (KEYCLOAK_KINDS.contains(key)) {
            for (ValidationMessage m : keycloakSchema().validate(object)) {
                problems.add(where + ": " + m.getMessage());
            }
            if (object.path("kind").asText().equals("KeycloakRealmImport") && object.path("spec").has("realm")) {
                problems.addAll(typed(where + " spec.realm", object.path("spec").path("realm"), RealmRepresentation.class));
            }
            return problems;
        }
        Class<?> model = MODELS.get(key);
        if (model == null) {
            problems.add(where + ": no schema known for apiVersion/kind " + key
                    + " (add its model to SchemaCheck, or fix the apiVersion)");
            return problems;
        }
        problems.addAll(typed(where, object, model));
        problems.addAll(servedVersion(where, object, model));
        return problems;
    }

    private static List<String> typed(String where, JsonNode node, Class<?> type) {
        List<String> problems = new ArrayList<>();
        Object value;
        try {
            value = STRICT.treeToValue(node, type);
        } catch (IOException | IllegalArgumentException e) {
            problems.add(where + ": " + e.getMessage().lines().findFirst().orElse(e.toString()));
            return problems;
        }
        unknownFields(value, "", problems, new IdentityHashMap<>());
        problems.replaceAll(p -> where + ": unknown field " + p);
        // what the model could not hold (an unknown enum constant read as null, a dropped field) is lost
        // on the way back: every value of the input must come out of the typed object unchanged
        ObjectNode in = node.deepCopy();
        in.remove(List.of("apiVersion", "kind"));
        lost(in, WRITE_ALL.valueToTree(value), "", problems, where);
        return problems;
    }

    private static void lost(JsonNode in, JsonNode out, String path, List<String> problems, String where) {
        if (in.isObject()) {
            in.fields().forEachRemaining(e -> {
                String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                JsonNode o = out == null ? null : out.get(e.getKey());
                if (o == null || o.isNull()) {
                    // a false boolean may be left out on the way back (Strimzi writes only non-defaults)
                    if (!e.getValue().isNull() && !(e.getValue().isBoolean() && !e.getValue().asBoolean())) {
                        problems.add(where + ": the value of " + p + " is not valid for its type (" + e.getValue() + ")");
                    }
                } else {
                    lost(e.getValue(), o, p, problems, where);
                }
            });
        } else if (in.isArray()) {
            if (out == null || !out.isArray() || out.size() != in.size()) {
                problems.add(where + ": " + path + " does not survive as a list of " + in.size());
                return;
            }
            for (int i = 0; i < in.size(); i++) {
                lost(in.get(i), out.get(i), path + "[" + i + "]", problems, where);
            }
        } else if (!in.asText().equals(out.asText())) {
            problems.add(where + ": " + path + " is read as " + out + ", not " + in);
        }
    }

    /** Strimzi's models list the API versions their CRD serves; the object's must be one of them. */
    private static List<String> servedVersion(String where, JsonNode object, Class<?> model) {
        try {
            Object versions = model.getField("VERSIONS").get(null);
            String apiVersion = object.path("apiVersion").asText();
            String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
            if (versions instanceof Collection<?> served && !served.contains(version)) {
                return List.of(where + ": API version " + version + " is not served (served: " + served + ")");
            }
        } catch (NoSuchFieldException e) {
            // a built-in kind: its apiVersion is part of the key it was looked up by
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
        return List.of();
    }

    /** Walks the typed graph and reports every non-empty additionalProperties map (= unknown fields). */
    private static void unknownFields(Object value, String path, List<String> out, IdentityHashMap<Object, Boolean> seen) {
        if (value == null || seen.put(value, Boolean.TRUE) != null) {
            return;
        }
        if (value instanceof Collection<?> c) {
            int i = 0;
            for (Object item : c) {
                unknownFields(item, path + "[" + i++ + "]", out, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                unknownFields(e.getValue(), path + "[" + e.getKey() + "]", out, seen);
            }
            return;
        }
        String pkg = value.getClass().getPackageName();
        if (!(pkg.startsWith("io.fabric8.kubernetes.api.model") || pkg.startsWith("io.strimzi.api"))) {
            return;
        }
        for (Method m : value.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || m.getDeclaringClass() == Object.class) {
                continue;
            }
            String name = m.getName();
            if (!name.startsWith("get") || name.equals("getClass")) {
                continue;
            }
            Object child;
            try {
                child = m.invoke(value);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue;
            }
            if (name.equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    for (Object k : extra.keySet()) {
                        out.add((path.isEmpty() ? "" : path + ".") + k);
                    }
                }
                continue;
            }
            String property = Character.toLowerCase(name.charAt(3)) + name.substring(4);
            unknownFields(child, path.isEmpty() ? property : path + "." + property, out, seen);
        }
    }

    private static synchronized JsonSchema keycloakSchema() {
        if (keycloakSchema == null) {
            try (InputStream in = SchemaCheck.class.getResourceAsStream("/schemas/keycloak-operator-v2alpha1.schema.json")) {
                keycloakSchema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return keycloakSchema;
    }
}

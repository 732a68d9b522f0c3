package org.exchange.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Small helpers to read rendered objects the way Kubernetes does. */
final class K8s {

    private K8s() {
    }

    static Map<String, String> map(JsonNode node) {
        Map<String, String> m = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }

    static Map<String, String> podLabels(JsonNode workload) {
        return map(workload.path("spec").path("template").path("metadata").path("labels"));
    }

    /** A label selector (matchLabels and matchExpressions) against a set of labels; an empty selector matches all. */
    static boolean selects(JsonNode selector, Map<String, String> labels) {
        if (selector == null || selector.isMissingNode() || selector.isNull()) {
            return false;
        }
        for (Map.Entry<String, String> e : map(selector.path("matchLabels")).entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        for (JsonNode expr : selector.path("matchExpressions")) {
            String key = expr.path("key").asText();
            boolean has = labels.containsKey(key);
            boolean in = false;
            for (JsonNode v : expr.path("values")) {
                in |= v.asText().equals(labels.get(key));
            }
            boolean ok = switch (expr.path("operator").asText()) {
                case "In" -> in;
                case "NotIn" -> !in;
                case "Exists" -> has;
                case "DoesNotExist" -> !has;
                default -> throw new AssertionError("unknown selector operator " + expr);
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** A Service's plain selector (a map) against pod labels. */
    static boolean serviceSelects(JsonNode service, Map<String, String> labels) {
        Map<String, String> sel = map(service.path("spec").path("selector"));
        return !sel.isEmpty() && sel.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    static Optional<JsonNode> env(JsonNode container, String name) {
        for (JsonNode e : container.path("env")) {
            if (e.path("name").asText().equals(name)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** The value an environment variable gets from a literal or a ConfigMap of the same render. */
    static String envValue(Manifests m, JsonNode container, String name) {
        JsonNode e = env(container, name).orElseThrow(() -> new AssertionError(
                "container " + container.path("name").asText() + " does not set " + name));
        if (e.has("value")) {
            return e.path("value").asText();
        }
        JsonNode ref = e.path("valueFrom").path("configMapKeyRef");
        if (!ref.isMissingNode()) {
            JsonNode cm = m.get("ConfigMap", ref.path("name").asText());
            JsonNode v = cm.path("data").get(ref.path("key").asText());
            if (v == null) {
                throw new AssertionError("ConfigMap " + ref.path("name").asText() + " has no key " + ref.path("key").asText());
            }
            return v.asText();
        }
        throw new AssertionError(name + " of " + container.path("name").asText() + " is not a literal or ConfigMap value: " + e);
    }

    static JsonNode secretRef(JsonNode container, String name) {
        JsonNode ref = env(container, name).orElseThrow(() -> new AssertionError(
                "container " + container.path("name").asText() + " does not set " + name))
                .path("valueFrom").path("secretKeyRef");
        if (ref.isMissingNode()) {
            throw new AssertionError(name + " of " + container.path("name").asText() + " must come from a Secret");
        }
        return ref;
    }

    /** The numeric container port a Service port (by number or name) leads to. */
    static int containerPort(JsonNode container, JsonNode port) {
        if (port.isInt()) {
            return port.asInt();
        }
        for (JsonNode p : container.path("ports")) {
            if (p.path("name").asText().equals(port.asText())) {
                return p.path("containerPort").asInt();
            }
        }
        throw new AssertionError("container " + container.path("name").asText() + " has no port named " + port.asText());
    }
}

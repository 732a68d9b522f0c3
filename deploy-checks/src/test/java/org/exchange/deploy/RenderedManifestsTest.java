package org.exchange.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every overlay renders, and every rendered object is valid against its schema, offline. */
class RenderedManifestsTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyRenderedObjectIsValidAgainstItsSchema(String overlay) {
        Manifests m = Manifests.of(overlay);
        assertThat(m.objects).as("objects rendered by %s", overlay).hasSizeGreaterThan(40);
        List<String> problems = new ArrayList<>();
        for (JsonNode o : m.objects) {
            problems.addAll(SchemaCheck.problems(o));
        }
        assertThat(problems).as("schema problems in overlay %s", overlay).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyObjectIsUniqueAndInTheOverlaysNamespace(String overlay) {
        Manifests m = Manifests.of(overlay);
        List<JsonNode> namespaces = m.all("Namespace");
        assertThat(namespaces).as("%s renders its Namespace", overlay).hasSize(1);
        String ns = Manifests.name(namespaces.get(0));
        Set<String> seen = new HashSet<>();
        for (JsonNode o : m.objects) {
            assertThat(seen.add(o.path("apiVersion").asText() + "/" + Manifests.kind(o) + "/" + Manifests.name(o)))
                    .as("duplicate %s %s", Manifests.kind(o), Manifests.name(o)).isTrue();
            if (!Manifests.kind(o).equals("Namespace")) {
                assertThat(o.path("metadata").path("namespace").asText())
                        .as("namespace of %s %s", Manifests.kind(o), Manifests.name(o)).isEqualTo(ns);
            }
        }
    }
}

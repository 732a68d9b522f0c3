package org.exchange.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The validator catches what the API server (or the operator) would reject: it can fail for real. */
class SchemaCheckSelfTest {

    private static JsonNode rendered(String kind, String name) {
        return Manifests.of("dev").get(kind, name).deepCopy();
    }

    private static ObjectNode at(JsonNode root, String... path) {
        JsonNode n = root;
        for (String p : path) {
            n = p.matches("\\d+") ? n.get(Integer.parseInt(p)) : n.get(p);
        }
        return (ObjectNode) n;
    }

    @Test
    void aValidDeploymentPasses() {
        assertThat(SchemaCheck.problems(rendered("Deployment", "gateway"))).isEmpty();
    }

    @Test
    void anUnknownFieldDeepInADeploymentIsReportedWithItsPath() {
        JsonNode d = rendered("Deployment", "gateway");
        at(d, "spec", "template", "spec", "containers", "0", "readinessProbe", "httpGet").put("pathh", "/q/health/ready");
        List<String> problems = SchemaCheck.problems(d);
        assertThat(problems).singleElement().asString()
                .contains("unknown field").contains("readinessProbe.httpGet.pathh");
    }

    @Test
    void aStringWhereTheApiWantsANumberIsRejected() {
        JsonNode d = rendered("Deployment", "gateway");
        at(d, "spec").put("replicas", "two");
        assertThat(SchemaCheck.problems(d)).isNotEmpty();
        JsonNode s = rendered("Service", "gateway");
        at(s, "spec", "ports", "0").put("port", "8080");
        assertThat(SchemaCheck.problems(s)).isNotEmpty();
    }

    @Test
    void aMisspelledStrimziFieldIsRejected() {
        JsonNode k = rendered("Kafka", "exchange");
        at(k, "spec", "kafka", "listeners", "0").put("tlss", false);
        assertThat(SchemaCheck.problems(k)).singleElement().asString().contains("listeners[0].tlss");
        JsonNode t = rendered("KafkaTopic", "consent-events");
        at(t, "spec").put("partitions", "six");
        assertThat(SchemaCheck.problems(t)).isNotEmpty();
    }

    @Test
    void aKafkaUsersAclsAreCheckedAgainstStrimzisModel() {
        JsonNode u = rendered("KafkaUser", "partner");
        assertThat(SchemaCheck.problems(u)).isEmpty();
        JsonNode misspelt = rendered("KafkaUser", "partner");
        at(misspelt, "spec", "authorization", "acls", "0").putArray("operations").add("Wrte");
        assertThat(SchemaCheck.problems(misspelt)).as("an unknown operation").isNotEmpty();
        JsonNode kafkaSpelling = rendered("KafkaUser", "partner");
        at(kafkaSpelling, "spec", "authorization", "acls", "0", "resource").put("patternType", "prefixed");
        assertThat(SchemaCheck.problems(kafkaSpelling)).as("Kafka's PREFIXED is Strimzi's prefix").isNotEmpty();
        JsonNode unknownField = rendered("KafkaUser", "partner");
        at(unknownField, "spec", "authorization", "acls", "0").put("hosts", "*");
        assertThat(SchemaCheck.problems(unknownField)).singleElement().asString().contains("acls[0].hosts");
        JsonNode auth = rendered("KafkaUser", "partner");
        at(auth, "spec", "authentication").put("type", "scram-sha-256");
        assertThat(SchemaCheck.problems(auth)).as("Strimzi's users are scram-sha-512 only").isNotEmpty();
    }

    @Test
    void anUnknownStrimziListenerTypeIsRejected() {
        JsonNode k = rendered("Kafka", "exchange");
        at(k, "spec", "kafka", "listeners", "0").put("type", "intranet");
        assertThat(SchemaCheck.problems(k)).isNotEmpty();
    }

    @Test
    void keycloakResourcesAreCheckedFieldByField() {
        JsonNode kc = rendered("Keycloak", "keycloak");
        assertThat(SchemaCheck.problems(kc)).isEmpty();
        at(kc, "spec", "db").put("hostname", "keycloak-db");
        assertThat(SchemaCheck.problems(kc)).isNotEmpty();
        JsonNode kc2 = rendered("Keycloak", "keycloak");
        at(kc2, "spec", "http").put("httpPort", "8080");
        assertThat(SchemaCheck.problems(kc2)).isNotEmpty();
    }

    @Test
    void theImportedRealmIsCheckedAgainstKeycloaksRealmRepresentation() {
        JsonNode ri = rendered("KeycloakRealmImport", "exchange-realm");
        assertThat(SchemaCheck.problems(ri)).isEmpty();
        at(ri, "spec", "realm", "clients", "0").put("publicClients", true);
        assertThat(SchemaCheck.problems(ri)).singleElement().asString().contains("publicClients");
        JsonNode ri2 = rendered("KeycloakRealmImport", "exchange-realm");
        at(ri2, "spec").remove("keycloakCRName");
        assertThat(SchemaCheck.problems(ri2)).isNotEmpty();
    }

    @Test
    void anUnknownKindOrVersionIsAnError() {
        JsonNode d = rendered("Deployment", "gateway");
        ((ObjectNode) d).put("apiVersion", "apps/v1beta1");
        assertThat(SchemaCheck.problems(d)).singleElement().asString().contains("no schema known");
    }
}

package org.exchange.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The realm the Keycloak Operator imports is the local realm (infra/keycloak/exchange-realm.json),
 * with the client secret taken from a Secret and the demo users only in dev; the services' issuer and
 * Keycloak URL point at the Keycloak the operator runs.
 */
class RealmImportTest {

    /** Realm settings the cluster may set differently from the local realm (TLS is required there). */
    static final Set<String> MAY_DIFFER = Set.of("sslRequired", "displayName");

    static JsonNode localRealm() throws IOException {
        return new ObjectMapper().readTree(Repo.path("infra", "keycloak", "exchange-realm.json").toFile());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theImportedRealmIsTheLocalRealm(String overlay) throws IOException {
        Manifests m = Manifests.of(overlay);
        List<JsonNode> imports = m.all("KeycloakRealmImport");
        assertThat(imports).hasSize(1);
        JsonNode spec = imports.get(0).path("spec");
        assertThat(spec.path("keycloakCRName").asText()).isEqualTo(Manifests.name(m.all("Keycloak").get(0)));

        ObjectNode imported = spec.path("realm").deepCopy();
        ObjectNode local = localRealm().deepCopy();
        for (String f : MAY_DIFFER) {
            imported.remove(f);
            local.remove(f);
        }
        JsonNode users = imported.remove("users");
        JsonNode localUsers = local.remove("users");
        for (JsonNode client : imported.path("clients")) {
            if (client.has("secret")) {
                String placeholder = client.path("secret").asText();
                assertThat(placeholder).as("secret of client %s", client.path("clientId").asText()).matches("\\$\\{[A-Z_]+}");
                String name = placeholder.substring(2, placeholder.length() - 1);
                assertThat(spec.path("placeholders").has(name)).as("placeholder %s comes from a Secret", name).isTrue();
            }
        }
        for (JsonNode client : local.path("clients")) {
            ((ObjectNode) client).remove("secret");
        }
        for (JsonNode client : imported.path("clients")) {
            ((ObjectNode) client).remove("secret");
        }
        assertThat(imported).as("the realm imported in %s vs infra/keycloak/exchange-realm.json", overlay).isEqualTo(local);
        if (overlay.equals("dev")) {
            assertThat(users).as("dev imports the demo users").isEqualTo(localUsers);
        } else {
            assertThat(users).as("no demo users outside dev").isNull();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void servicesValidateTokensOfTheKeycloakTheOperatorRuns(String overlay) throws IOException {
        Manifests m = Manifests.of(overlay);
        JsonNode kc = m.all("Keycloak").get(0);
        JsonNode spec = kc.path("spec");
        String realm = m.all("KeycloakRealmImport").get(0).path("spec").path("realm").path("realm").asText();
        assertThat(realm).isEqualTo(localRealm().path("realm").asText());
        assertThat(spec.path("http").path("httpEnabled").asBoolean()).isTrue();
        String inCluster = "http://" + Manifests.name(kc) + "-service:" + spec.path("http").path("httpPort").asInt(8080);
        String issuer = spec.path("hostname").path("hostname").asText() + "/realms/" + realm;
        assertThat(spec.path("hostname").path("backchannelDynamic").asBoolean())
                .as("services fetch keys in the cluster while tokens name the public host").isTrue();
        for (String service : Repo.SERVICES) {
            ServiceConfig cfg = ServiceConfig.of(service);
            JsonNode c = Manifests.container(m.get("Deployment", service));
            if (cfg.environmentVariables().contains("KEYCLOAK_URL")) {
                assertThat(K8s.envValue(m, c, "KEYCLOAK_URL")).as("KEYCLOAK_URL of %s", service).isEqualTo(inCluster);
            }
            if (cfg.environmentVariables().contains("JWT_ISSUER")) {
                assertThat(K8s.envValue(m, c, "JWT_ISSUER")).as("JWT_ISSUER of %s", service).isEqualTo(issuer);
                assertThat(cfg.environmentDefault("JWT_ISSUER")).as("local issuer of %s", service).endsWith("/realms/" + realm);
            }
        }
        // Keycloak's own database, like the services': its Service, its StatefulSet, the same Secret
        JsonNode db = spec.path("db");
        JsonNode dbService = m.get("Service", db.path("host").asText());
        JsonNode sts = m.all("StatefulSet").stream().filter(s -> K8s.serviceSelects(dbService, K8s.podLabels(s)))
                .findFirst().orElseThrow();
        JsonNode pg = Manifests.container(sts);
        assertThat(K8s.envValue(m, pg, "POSTGRES_DB")).isEqualTo(db.path("database").asText());
        assertThat(K8s.secretRef(pg, "POSTGRES_USER")).isEqualTo(db.path("usernameSecret"));
        assertThat(K8s.secretRef(pg, "POSTGRES_PASSWORD")).isEqualTo(db.path("passwordSecret"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theServicesClientSecretIsTheOneTheRealmImports(String overlay) {
        Manifests m = Manifests.of(overlay);
        JsonNode spec = m.all("KeycloakRealmImport").get(0).path("spec");
        for (String service : Repo.SERVICES) {
            if (ServiceConfig.of(service).environmentVariables().contains("SERVICES_CLIENT_SECRET")) {
                JsonNode ref = K8s.secretRef(Manifests.container(m.get("Deployment", service)), "SERVICES_CLIENT_SECRET");
                boolean same = false;
                for (JsonNode p : (Iterable<JsonNode>) () -> spec.path("placeholders").elements()) {
                    same |= p.path("secret").equals(ref);
                }
                assertThat(same).as("%s's client secret is the realm import's", service).isTrue();
            }
        }
        assertThat(spec.path("realm").path("clients")).isInstanceOf(ArrayNode.class);
    }
}

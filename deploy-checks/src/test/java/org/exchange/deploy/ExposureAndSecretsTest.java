package org.exchange.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Only the gateway's /api is exposed; every secret comes from a Secret; dev brings its own, prod none. */
class ExposureAndSecretsTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void onlyTheGatewaysApiIsExposed(String overlay) {
        Manifests m = Manifests.of(overlay);
        List<JsonNode> ingresses = m.all("Ingress");
        assertThat(ingresses).hasSize(1);
        JsonNode spec = ingresses.get(0).path("spec");
        assertThat(spec.has("defaultBackend")).isFalse();
        int gatewayPort = ServiceConfig.of("gateway").httpPort();
        JsonNode gatewayContainer = Manifests.container(m.get("Deployment", "gateway"));
        int paths = 0;
        for (JsonNode rule : spec.path("rules")) {
            assertThat(rule.path("host").asText()).as("every rule names its host").isNotEmpty();
            for (JsonNode p : rule.path("http").path("paths")) {
                paths++;
                String path = p.path("path").asText();
                assertThat(path).as("exposed path").matches("/api(/.*)?").doesNotContain("internal");
                assertThat(p.path("pathType").asText()).isIn("Prefix", "Exact");
                JsonNode backend = p.path("backend").path("service");
                assertThat(backend.path("name").asText()).isEqualTo("gateway");
                JsonNode svcPort = backend.path("port");
                JsonNode gatewayService = m.get("Service", "gateway");
                for (JsonNode sp : gatewayService.path("spec").path("ports")) {
                    if (svcPort.has("name") ? sp.path("name").asText().equals(svcPort.path("name").asText())
                            : sp.path("port").asInt() == svcPort.path("number").asInt()) {
                        assertThat(K8s.containerPort(gatewayContainer, sp.path("targetPort"))).isEqualTo(gatewayPort);
                        paths += 1000;
                    }
                }
            }
        }
        assertThat(paths).as("paths, each leading to the gateway's port").isGreaterThan(1000).isLessThan(2000);
        for (JsonNode s : m.all("Service")) {
            assertThat(s.path("spec").path("type").asText("ClusterIP")).as("type of Service %s", Manifests.name(s))
                    .isEqualTo("ClusterIP");
        }
        assertThat(m.all("Keycloak").get(0).path("spec").path("ingress").path("enabled").asBoolean(true))
                .as("the Keycloak Operator's own Ingress is off").isFalse();
        if (overlay.equals("prod")) {
            assertThat(spec.path("tls")).as("TLS at the Ingress in prod").isNotEmpty();
        }
        // the edge must let through every body the gateway itself accepts (it answers 413 beyond that)
        JsonNode bodySize = ingresses.get(0).path("metadata").path("annotations").path("nginx.ingress.kubernetes.io/proxy-body-size");
        String gatewayLimit = ServiceConfig.of("gateway").resolved("exchange.gateway.max-body-bytes", null);
        if (!bodySize.isMissingNode() && gatewayLimit != null) {
            assertThat(nginxSize(bodySize.asText())).as("Ingress body size vs exchange.gateway.max-body-bytes")
                    .isGreaterThanOrEqualTo(Long.parseLong(gatewayLimit.trim()));
        }
    }

    static long nginxSize(String size) {
        String s = size.trim().toLowerCase();
        long unit = s.endsWith("k") ? 1024 : s.endsWith("m") ? 1024 * 1024 : s.endsWith("g") ? 1024L * 1024 * 1024 : 1;
        return Long.parseLong(unit == 1 ? s : s.substring(0, s.length() - 1)) * unit;
    }

    /** Every Secret name and key the rendered objects refer to. */
    static Map<String, Set<String>> secretReferences(Manifests m) {
        Map<String, Set<String>> refs = new TreeMap<>();
        for (JsonNode o : m.objects) {
            for (JsonNode ref : o.findValues("secretKeyRef")) {
                refs.computeIfAbsent(ref.path("name").asText(), k -> new TreeSet<>()).add(ref.path("key").asText());
            }
            for (JsonNode vol : o.findValues("volumes")) {
                for (JsonNode v : vol) {
                    if (v.has("secret")) {
                        Set<String> keys = refs.computeIfAbsent(v.path("secret").path("secretName").asText(), k -> new TreeSet<>());
                        v.path("secret").path("items").forEach(item -> keys.add(item.path("key").asText()));
                    }
                }
            }
        }
        JsonNode kc = m.all("Keycloak").get(0).path("spec");
        for (String f : List.of("usernameSecret", "passwordSecret")) {
            refs.computeIfAbsent(kc.path("db").path(f).path("name").asText(), k -> new TreeSet<>())
                    .add(kc.path("db").path(f).path("key").asText());
        }
        refs.computeIfAbsent(kc.path("bootstrapAdmin").path("user").path("secret").asText(), k -> new TreeSet<>())
                .addAll(List.of("username", "password"));
        for (JsonNode ri : m.all("KeycloakRealmImport")) {
            ri.path("spec").path("placeholders").forEach(p -> refs
                    .computeIfAbsent(p.path("secret").path("name").asText(), k -> new TreeSet<>())
                    .add(p.path("secret").path("key").asText()));
        }
        for (JsonNode ing : m.all("Ingress")) {
            ing.path("spec").path("tls").forEach(t -> refs.computeIfAbsent(t.path("secretName").asText(), k -> new TreeSet<>()));
        }
        refs.remove("");
        return refs;
    }

    /**
     * The Secrets Strimzi creates, with the keys it writes: one per KafkaUser (named after it, its
     * password under `password`) and the cluster CA's certificate (`<cluster>-cluster-ca-cert`, `ca.crt`).
     */
    static Map<String, Set<String>> operatorSecrets(Manifests m) {
        Map<String, Set<String>> secrets = new TreeMap<>();
        for (JsonNode user : m.all("KafkaUser")) {
            if (user.path("spec").path("authentication").path("type").asText().startsWith("scram-sha-")) {
                secrets.put(Manifests.name(user), Set.of("password", "sasl.jaas.config"));
            }
        }
        for (JsonNode kafka : m.all("Kafka")) {
            secrets.put(Manifests.name(kafka) + "-cluster-ca-cert", Set.of("ca.crt", "ca.p12", "ca.password"));
        }
        return secrets;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void secretsStrimziCreatesAreReadWithTheKeysItWritesAndNeverDefinedHere(String overlay) {
        Manifests m = Manifests.of(overlay);
        Map<String, Set<String>> operator = operatorSecrets(m);
        secretReferences(m).forEach((name, keys) -> {
            if (operator.containsKey(name)) {
                assertThat(operator.get(name)).as("keys of %s (created by Strimzi)", name).containsAll(keys);
            }
        });
        for (String name : operator.keySet()) {
            assertThat(m.find("Secret", name)).as("%s is Strimzi's: the overlay must not define it", name).isEmpty();
        }
    }

    @Test
    void devGeneratesEverySecretItRefersToWithClearlyLocalValues() {
        Manifests m = Manifests.of("dev");
        Map<String, Set<String>> refs = secretReferences(m);
        assertThat(refs).isNotEmpty();
        operatorSecrets(m).keySet().forEach(refs::remove);
        List<String> missing = new ArrayList<>();
        refs.forEach((name, keys) -> {
            JsonNode secret = m.find("Secret", name).orElse(null);
            if (secret == null) {
                missing.add(name);
            } else {
                keys.forEach(k -> {
                    if (!secret.path("data").has(k)) {
                        missing.add(name + "/" + k);
                    }
                });
            }
        });
        assertThat(missing).as("secrets the dev overlay refers to but does not generate").isEmpty();
        assertThat(decoded(m, "exchange-services-client", "client-secret")).isEqualTo("local-services-secret");
        assertThat(decoded(m, "keycloak-bootstrap-admin", "password")).isEqualTo("admin");
        for (JsonNode s : m.all("Secret")) {
            s.path("data").fields().forEachRemaining(e -> {
                if (e.getKey().equals("password")) {
                    String v = decoded(m, Manifests.name(s), e.getKey());
                    assertThat(v.startsWith("local-") || v.equals("admin")).as("%s is clearly local", Manifests.name(s)).isTrue();
                }
            });
        }
    }

    private static String decoded(Manifests m, String secret, String key) {
        return new String(java.util.Base64.getDecoder().decode(m.get("Secret", secret).path("data").path(key).asText()));
    }

    @Test
    void prodDefinesNoSecretAndTheGuideListsEveryOneItNeeds() throws IOException {
        Manifests m = Manifests.of("prod");
        assertThat(m.all("Secret")).as("prod takes its Secrets from the operators, never from the repository").isEmpty();
        String guide = Files.readString(Repo.path("docs", "deployment.md"));
        for (String name : secretReferences(m).keySet()) {
            assertThat(guide).as("docs/deployment.md names the Secret %s", name).contains("`" + name + "`");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void configMapsHoldNoSecrets(String overlay) {
        for (JsonNode cm : Manifests.of(overlay).all("ConfigMap")) {
            cm.path("data").fields().forEachRemaining(e -> assertThat(e.getKey())
                    .as("ConfigMap %s", Manifests.name(cm))
                    .doesNotMatch(ServicesMatchTheirConfigurationTest.SENSITIVE.pattern()));
        }
    }
}

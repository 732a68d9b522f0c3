package org.exchange.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** docker-compose.yml parsed and checked against the services' configuration, the realm and the launcher. */
class ComposeTest {

    static JsonNode compose;
    static JsonNode services;

    @BeforeAll
    static void parse() throws IOException {
        compose = Manifests.YAML.readTree(Repo.path("docker-compose.yml").toFile());
        services = compose.path("services");
        assertThat(services.size()).isGreaterThan(Repo.SERVICES.size());
    }

    static List<String> modules() {
        return Repo.SERVICES;
    }

    static Map<String, String> environment(JsonNode service) {
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode e = service.path("environment");
        if (e.isArray()) {
            for (JsonNode item : e) {
                String[] kv = item.asText().split("=", 2);
                env.put(kv[0], kv.length > 1 ? kv[1] : null);
            }
        } else {
            e.fields().forEachRemaining(f -> env.put(f.getKey(), f.getValue().asText()));
        }
        return env;
    }

    @Test
    void theFileUsesNoAnchorsOrMergeKeys() throws IOException {
        String text = Files.readString(Repo.path("docker-compose.yml"));
        assertThat(text).as("write each service out: anchors and merge keys hide settings from this check")
                .doesNotContain("<<:").doesNotContainPattern("(?m):\\s*&[\\w-]+\\s*$");
    }

    static JsonNode service(String name) {
        JsonNode s = services.get(name);
        assertThat(s).as("docker-compose.yml has a service %s", name).isNotNull();
        return s;
    }

    /** The service waits for `dependency` in the given condition. */
    static void waitsFor(String service, String dependency, String condition) {
        assertThat(service(service).path("depends_on").path(dependency).path("condition").asText())
                .as("%s starts after %s is %s", service, dependency, condition).isEqualTo(condition);
    }

    @ParameterizedTest
    @MethodSource("modules")
    void theServiceIsBuiltFromItsJvmDockerfileAndConfiguredAsItReads(String module) {
        ServiceConfig cfg = ServiceConfig.of(module);
        JsonNode s = service(module);
        assertThat(s.path("image").asText()).matches("(.*/)?" + Pattern.quote(cfg.artifactId()) + ":[A-Za-z0-9._-]+");
        Path context = Repo.root().resolve(s.path("build").path("context").asText()).normalize();
        assertThat(context).isEqualTo(cfg.dir.normalize());
        assertThat(s.path("build").path("dockerfile").asText()).isEqualTo("src/main/docker/Dockerfile.jvm");
        assertThat(context.resolve("src/main/docker/Dockerfile.jvm")).isRegularFile();

        Map<String, String> env = environment(s);
        Set<String> names = new TreeSet<>(env.keySet());
        names.removeIf(n -> n.startsWith("JAVA_") || n.startsWith("QUARKUS_"));
        assertThat(names).as("environment of %s vs what its application.properties reads", module)
                .isEqualTo(cfg.environmentVariables());

        int port = cfg.httpPort();
        boolean published = false;
        for (JsonNode p : s.path("ports")) {
            published |= p.asText().endsWith(":" + port);
        }
        assertThat(published).as("%s publishes its port %s", module, port).isTrue();
        String health = s.path("healthcheck").path("test").toString();
        assertThat(health).as("health check of %s", module)
                .contains("/" + port).contains(cfg.healthPath("ready"));

        assertThat(s.path("read_only").asBoolean()).as("%s: read-only root filesystem", module).isTrue();
        assertThat(s.path("cap_drop").toString()).as("%s drops all capabilities", module).contains("\"ALL\"");
        assertThat(s.path("security_opt").toString()).contains("no-new-privileges:true");
        assertThat(s.path("tmpfs").toString()).contains("/tmp");

        JsonNode deps = s.path("depends_on");
        if (cfg.usesDatabase()) {
            String host = env.get("DB_HOST");
            JsonNode db = service(host);
            assertThat(db.path("image").asText()).startsWith("postgres:");
            Map<String, String> dbEnv = environment(db);
            assertThat(dbEnv.get("POSTGRES_DB")).isEqualTo(cfg.databaseName());
            assertThat(dbEnv.get("POSTGRES_USER")).isEqualTo(env.get("DB_USER"));
            assertThat(dbEnv.get("POSTGRES_PASSWORD")).isEqualTo(env.get("DB_PASSWORD"));
            assertThat(env.get("DB_PORT")).isEqualTo("5432");
            waitsFor(module, host, "service_healthy");
        }
        if (cfg.usesKafka()) {
            String bootstrap = env.get("KAFKA_BOOTSTRAP");
            String host = bootstrap.substring(0, bootstrap.indexOf(':'));
            assertThat(environment(service(host)).get("KAFKA_ADVERTISED_LISTENERS")).contains("//" + bootstrap);
            waitsFor(module, host, "service_healthy");
            waitsFor(module, "kafka-topics", "service_completed_successfully");
        }
        for (String variable : cfg.environmentVariables()) {
            String value = env.get(variable);
            if (variable.endsWith("_URL") && !variable.equals("KEYCLOAK_URL")) {
                String target = variable.substring(0, variable.length() - 4).toLowerCase() + "-service";
                assertThat(value).as("%s of %s", variable, module)
                        .isEqualTo("http://" + target + ":" + ServiceConfig.of(target).httpPort());
                waitsFor(module, target, "service_healthy");
            }
        }
        if (env.containsKey("KEYCLOAK_URL")) {
            URI kc = URI.create(env.get("KEYCLOAK_URL"));
            JsonNode keycloak = service(kc.getHost());
            assertThat(keycloak.path("command").toString()).contains("--http-port=" + kc.getPort());
            waitsFor(module, kc.getHost(), "service_healthy");
            assertThat(env.get("JWT_ISSUER")).isEqualTo(environment(keycloak).get("KC_HOSTNAME") + "/realms/exchange");
        }
        assertThat(deps.isEmpty()).as("%s has a start order", module).isFalse();
    }

    @Test
    void keycloakImportsTheLocalRealmAtTheLaunchersVersion() throws IOException {
        JsonNode keycloak = service("keycloak");
        String launcher = Files.readString(Repo.path("exchange"));
        Matcher v = Pattern.compile("(?m)^KEYCLOAK_VERSION=(\\S+)").matcher(launcher);
        assertThat(v.find()).as("./exchange sets KEYCLOAK_VERSION").isTrue();
        assertThat(keycloak.path("image").asText()).endsWith("/keycloak:" + v.group(1));
        assertThat(keycloak.path("command").toString()).contains("--import-realm");
        boolean mounted = false;
        for (JsonNode vol : keycloak.path("volumes")) {
            String[] parts = vol.asText().split(":");
            if (parts.length >= 2 && parts[1].startsWith("/opt/keycloak/data/import/")) {
                mounted = Repo.root().resolve(parts[0]).normalize().equals(Repo.path("infra", "keycloak", "exchange-realm.json"));
            }
        }
        assertThat(mounted).as("infra/keycloak/exchange-realm.json is mounted into data/import").isTrue();
        Map<String, String> env = environment(keycloak);
        assertThat(env).containsKeys("KC_BOOTSTRAP_ADMIN_USERNAME", "KC_BOOTSTRAP_ADMIN_PASSWORD", "KC_HOSTNAME");
        JsonNode realm = new ObjectMapper().readTree(Repo.path("infra", "keycloak", "exchange-realm.json").toFile());
        for (String module : Repo.SERVICES) {
            Map<String, String> e = environment(service(module));
            if (e.containsKey("SERVICES_CLIENT_SECRET")) {
                boolean known = false;
                for (JsonNode c : realm.path("clients")) {
                    known |= e.get("SERVICES_CLIENT_SECRET").equals(c.path("secret").asText());
                }
                assertThat(known).as("%s's client secret is the local realm's", module).isTrue();
            }
        }
    }

    @Test
    void kafkaRunsInKraftModeAndEveryTopicTheServicesUseIsCreated() {
        Map<String, String> kafka = environment(service("kafka"));
        assertThat(kafka.get("KAFKA_PROCESS_ROLES")).contains("broker").contains("controller");
        assertThat(kafka).doesNotContainKey("KAFKA_ZOOKEEPER_CONNECT");
        String creates = service("kafka-topics").path("command").toString();
        for (String module : Repo.SERVICES) {
            ServiceConfig cfg = ServiceConfig.of(module);
            Set<String> topics = new TreeSet<>(cfg.kafkaTopics("outgoing"));
            topics.addAll(cfg.kafkaTopics("incoming"));
            for (String t : topics) {
                assertThat(creates).as("kafka-topics creates %s", t).contains(t);
            }
        }
        waitsFor("kafka-topics", "kafka", "service_healthy");
    }

    @Test
    void everyDependencyWaitedOnHasAHealthCheckAndTheStartOrderHasNoCycle() {
        Map<String, List<String>> graph = new LinkedHashMap<>();
        services.fields().forEachRemaining(e -> {
            List<String> deps = new ArrayList<>();
            JsonNode d = e.getValue().path("depends_on");
            if (d.isArray()) {
                throw new AssertionError(e.getKey() + ": depends_on must name conditions, not only services");
            }
            d.fields().forEachRemaining(dep -> {
                deps.add(dep.getKey());
                String condition = dep.getValue().path("condition").asText();
                assertThat(condition).as("%s waits for %s", e.getKey(), dep.getKey())
                        .isIn("service_healthy", "service_completed_successfully");
                if (condition.equals("service_healthy")) {
                    assertThat(service(dep.getKey()).has("healthcheck")).as("%s has a health check", dep.getKey()).isTrue();
                }
            });
            graph.put(e.getKey(), deps);
        });
        Set<String> done = new HashSet<>();
        for (String s : graph.keySet()) {
            visit(s, graph, done, new HashSet<>());
        }
        waitsFor("gateway", "keycloak", "service_healthy");
        for (String module : Repo.SERVICES) {
            if (!module.equals("gateway")) {
                waitsFor("gateway", module, "service_healthy");
            }
        }
    }

    private static void visit(String s, Map<String, List<String>> graph, Set<String> done, Set<String> path) {
        if (done.contains(s)) {
            return;
        }
        assertThat(path.add(s)).as("start order cycle through %s", s).isTrue();
        for (String d : graph.getOrDefault(s, List.of())) {
            assertThat(graph).as("%s depends on an unknown service", s).containsKey(d);
            visit(d, graph, done, path);
        }
        path.remove(s);
        done.add(s);
    }
}

package org.exchange.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
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
        Set<String> expected = new TreeSet<>(cfg.requiredVariables());
        if (cfg.usesKafka() && env.getOrDefault("KAFKA_SECURITY_PROTOCOL", "").endsWith("SSL")) {
            expected.addAll(cfg.kafkaTlsVariables());
        }
        assertThat(names).as("environment of %s vs what its configuration reads (its application.properties, and "
                + "what applies to it of exchange-kit's shared settings)", module).isEqualTo(expected);

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
            assertThat(host).isEqualTo("kafka");
            assertThat(brokerProperties().getProperty("advertised.listeners")).contains("//" + bootstrap);
            waitsFor(module, host, "service_healthy");
            waitsFor(module, "kafka-setup", "service_completed_successfully");
        }
        // callers need not wait for the services they call (consent and catalog fetch each other's
        // event keys: a start order cannot have both), only find them where they listen
        for (String variable : cfg.requiredVariables()) {
            String value = env.get(variable);
            if (variable.endsWith("_URL") && !variable.equals("KEYCLOAK_URL")) {
                String target = variable.substring(0, variable.length() - 4).toLowerCase() + "-service";
                assertThat(value).as("%s of %s", variable, module)
                        .isEqualTo("http://" + target + ":" + ServiceConfig.of(target).httpPort());
                service(target);
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

    /** The broker's server.properties, as the kafka service's command writes them (compose's $$ read as $). */
    static Properties brokerProperties() {
        String script = service("kafka").path("command").get(0).asText();
        Matcher m = Pattern.compile("cat > \\S*server\\.properties <<(\\w+)\\n(.*?)\\n\\1\\n", Pattern.DOTALL).matcher(script);
        assertThat(m.find()).as("the kafka service writes its server.properties").isTrue();
        Properties p = new Properties();
        try {
            p.load(new StringReader(m.group(2).replace("$$", "$")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** The calls of a shell function in the kafka-setup script, each as its words (quotes removed, $$ kept). */
    static List<List<String>> setupCalls(String function) {
        String script = service("kafka-setup").path("command").get(0).asText().replace("\\\n", " ");
        List<List<String>> calls = new ArrayList<>();
        for (String line : script.split("\n")) {
            List<String> words = words(line.strip());
            if (!words.isEmpty() && words.get(0).equals(function)) {
                calls.add(words);
            }
        }
        return calls;
    }

    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        Matcher m = Pattern.compile("\"([^\"]*)\"|'([^']*)'|(\\S+)").matcher(line);
        while (m.find()) {
            words.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3));
        }
        return words;
    }

    @Test
    void kafkaRunsInKraftModeAndEveryTopicTheServicesUseIsCreated() {
        Properties broker = brokerProperties();
        assertThat(broker.getProperty("process.roles")).contains("broker").contains("controller");
        assertThat(broker).doesNotContainKey("zookeeper.connect");
        assertThat(broker.getProperty("auto.create.topics.enable")).isEqualTo("false");
        Map<String, List<String>> created = new TreeMap<>();
        for (List<String> call : setupCalls("topic")) {
            created.put(call.get(1), call.subList(2, call.size()));
        }
        String definition = service("kafka-setup").path("command").get(0).asText();
        assertThat(definition).contains("topic() { /opt/kafka/bin/kafka-topics.sh $$admin --create --if-not-exists "
                + "--topic \"$$1\" --partitions \"$$2\"");
        Set<String> used = new TreeSet<>();
        for (String module : Repo.SERVICES) {
            ServiceConfig cfg = ServiceConfig.of(module);
            used.addAll(cfg.kafkaTopics("outgoing"));
            used.addAll(cfg.kafkaTopics("incoming"));
        }
        assertThat(created.keySet()).as("topics kafka-setup creates vs the topics the services use").isEqualTo(used);
        long longestPublic = 0;
        for (String t : KafkaContract.PUBLIC_TOPICS) {
            longestPublic = Math.max(longestPublic, Long.parseLong(created.get(t).get(1)));
        }
        for (String t : created.keySet()) {
            if (t.startsWith("dlq.")) {
                assertThat(Long.parseLong(created.get(t).get(1))).as("retention of %s vs the public topics'", t)
                        .isGreaterThan(longestPublic);
            }
        }
        waitsFor("kafka-setup", "kafka", "service_healthy");
    }

    @Test
    void theBrokerAuthenticatesEveryClientAndAllowsOnlyWhatAnAclAllows() {
        Properties broker = brokerProperties();
        Map<String, String> protocols = new TreeMap<>();
        for (String entry : broker.getProperty("listener.security.protocol.map").split(",")) {
            String[] kv = entry.trim().split(":");
            protocols.put(kv[0], kv[1]);
        }
        Set<String> controllers = Set.of(broker.getProperty("controller.listener.names").split(","));
        Map<String, Integer> ports = new TreeMap<>();
        for (String listener : broker.getProperty("listeners").split(",")) {
            Matcher l = Pattern.compile("(\\w+)://([^:]*):(\\d+)").matcher(listener.trim());
            assertThat(l.matches()).as("listener %s", listener).isTrue();
            String name = l.group(1);
            ports.put(name, Integer.parseInt(l.group(3)));
            assertThat(protocols.get(name)).as("listener %s authenticates its clients", name).isIn("SASL_PLAINTEXT", "SASL_SSL");
            String mechanisms = broker.getProperty("listener.name." + name.toLowerCase() + ".sasl.enabled.mechanisms",
                    broker.getProperty("sasl.enabled.mechanisms"));
            if (controllers.contains(name)) {
                assertThat(l.group(2)).as("the controller listener %s answers on the container's loopback only", name)
                        .isIn("127.0.0.1", "localhost");
                String jaas = broker.getProperty("listener.name." + name.toLowerCase() + "." + mechanisms.toLowerCase()
                        + ".sasl.jaas.config", "");
                assertThat(jaas.split("user_", -1)).as("the controller accepts the admin only: %s", jaas).hasSize(2);
                assertThat(jaas).contains("user_exchange-admin=");
            } else {
                assertThat(mechanisms).as("mechanisms of listener %s", name).isEqualTo("SCRAM-SHA-512");
            }
        }
        assertThat(broker.getProperty("controller.quorum.voters")).matches("1@(127\\.0\\.0\\.1|localhost):\\d+");
        assertThat(broker.getProperty("authorizer.class.name"))
                .isEqualTo("org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        assertThat(broker.getProperty("allow.everyone.if.no.acl.found", "false")).isEqualTo("false");
        assertThat(broker.getProperty("super.users")).isEqualTo("User:exchange-admin");

        JsonNode kafka = service("kafka");
        String script = kafka.path("command").get(0).asText();
        assertThat(script).as("the admin's SCRAM credential is created when the storage is formatted")
                .contains("--add-scram \"SCRAM-SHA-512=[name=exchange-admin,password=$$KAFKA_ADMIN_PASSWORD]\"");
        assertThat(environment(kafka).get("KAFKA_ADMIN_PASSWORD")).as("the admin's password")
                .matches(FROM_ENVIRONMENT).isEqualTo(environment(service("kafka-setup")).get("KAFKA_ADMIN_PASSWORD"));
        for (JsonNode p : kafka.path("ports")) {
            String[] parts = p.asText().split(":");
            assertThat(parts).as("Kafka port %s is published on 127.0.0.1 only", p.asText()).hasSize(3);
            assertThat(parts[0]).as("Kafka port %s is published on 127.0.0.1 only", p.asText()).isEqualTo("127.0.0.1");
            String listener = ports.entrySet().stream().filter(e -> e.getValue() == Integer.parseInt(parts[2]))
                    .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new AssertionError("no listener on " + parts[2]));
            assertThat(controllers).as("the controller listener is not published").doesNotContain(listener);
        }
    }

    /** A password from the environment (e.g. an .env file), with at most a clearly local default. */
    static final String FROM_ENVIRONMENT = "\\$\\{[A-Z][A-Z0-9_]*(:-local-[A-Za-z0-9-]+|:?\\?[^}]+)}";

    @ParameterizedTest
    @MethodSource("modules")
    void everyKafkaClientLogsInWithScramAsItsOwnPrincipal(String module) {
        ServiceConfig cfg = ServiceConfig.of(module);
        Map<String, String> env = environment(service(module));
        if (!cfg.usesKafka()) {
            assertThat(env).doesNotContainKeys("KAFKA_USERNAME", "KAFKA_PASSWORD");
            return;
        }
        Properties broker = brokerProperties();
        String bootstrap = env.get("KAFKA_BOOTSTRAP");
        String advertised = null;
        for (String l : broker.getProperty("advertised.listeners").split(",")) {
            if (l.trim().endsWith("//" + bootstrap)) {
                advertised = l.trim().substring(0, l.trim().indexOf(':'));
            }
        }
        assertThat(advertised).as("%s's bootstrap %s is an advertised listener", module, bootstrap).isNotNull();
        String protocol = null;
        for (String entry : broker.getProperty("listener.security.protocol.map").split(",")) {
            if (entry.trim().startsWith(advertised + ":")) {
                protocol = entry.trim().substring(advertised.length() + 1);
            }
        }
        assertThat(env.get("KAFKA_SECURITY_PROTOCOL")).as("%s's protocol", module).isEqualTo(protocol).startsWith("SASL_");
        assertThat(env.get("KAFKA_SASL_MECHANISM")).as("%s's mechanism", module).isEqualTo("SCRAM-SHA-512");
        assertThat(env.get("KAFKA_USERNAME")).as("%s's principal", module).isEqualTo(module);
        assertThat(env.get("KAFKA_PASSWORD")).as("%s's password", module).matches(FROM_ENVIRONMENT);

        List<List<String>> users = setupCalls("user").stream().filter(u -> u.get(1).equals(module)).toList();
        assertThat(users).as("kafka-setup creates the SCRAM user %s", module).hasSize(1);
        String variable = users.get(0).get(2);
        assertThat(variable).as("the password kafka-setup gives %s", module).startsWith("$$");
        assertThat(environment(service("kafka-setup")).get(variable.substring(2)))
                .as("kafka-setup's %s is %s's KAFKA_PASSWORD", variable.substring(2), module)
                .isEqualTo(env.get("KAFKA_PASSWORD"));
    }

    @Test
    void theSetupCreatesEveryPrincipalAndGrantsExactlyTheContractsAcls() {
        String script = service("kafka-setup").path("command").get(0).asText();
        assertThat(script).as("kafka-setup authenticates as the admin")
                .contains("username=\"exchange-admin\" password=\"$$KAFKA_ADMIN_PASSWORD\"")
                .contains("--command-config /tmp/admin.properties")
                .contains("user() { /opt/kafka/bin/kafka-configs.sh $$admin --alter --entity-type users --entity-name \"$$1\" "
                        + "--add-config \"SCRAM-SHA-512=[password=$$2]\"; }")
                .contains("acl() { /opt/kafka/bin/kafka-acls.sh $$admin --add --allow-principal \"User:$$1\" \"$${@:2}\"; }")
                .doesNotContain("--deny-principal");
        Set<String> users = new TreeSet<>();
        setupCalls("user").forEach(u -> users.add(u.get(1)));
        assertThat(users).as("SCRAM users kafka-setup creates").containsExactlyInAnyOrderElementsOf(KafkaContract.ACLS.keySet());

        Map<String, Set<KafkaContract.Acl>> granted = new TreeMap<>();
        for (List<String> call : setupCalls("acl")) {
            List<String> operations = new ArrayList<>();
            List<String[]> resources = new ArrayList<>();
            String pattern = "literal";
            for (int i = 2; i < call.size(); i += 2) {
                String option = call.get(i);
                String value = call.get(i + 1);
                switch (option) {
                    case "--operation" -> operations.add(value);
                    case "--topic" -> resources.add(new String[] {"topic", value});
                    case "--group" -> resources.add(new String[] {"group", value});
                    case "--resource-pattern-type" -> pattern = switch (value) {
                        case "prefixed" -> "prefix";
                        case "literal" -> "literal";
                        default -> throw new AssertionError("pattern type " + value + " in " + call);
                    };
                    default -> throw new AssertionError("kafka-setup grants something outside the contract: " + option
                            + " in " + call);
                }
            }
            Set<KafkaContract.Acl> acls = granted.computeIfAbsent(call.get(1), k -> new TreeSet<>());
            for (String[] r : resources) {
                for (String op : operations) {
                    acls.add(new KafkaContract.Acl(r[0], r[1], pattern, op));
                }
            }
        }
        assertThat(granted.keySet()).containsExactlyInAnyOrderElementsOf(KafkaContract.ACLS.keySet());
        granted.forEach((principal, acls) -> assertThat(acls).as("ACLs kafka-setup grants %s", principal)
                .containsExactlyInAnyOrderElementsOf(KafkaContract.ACLS.get(principal)));
    }

    /**
     * The root filesystem is read-only but for a service's named volumes, and each one is there for
     * a file the service's environment points into (consent's receipt key, CONSENT_RECEIPT_KEY_FILE),
     * never for nothing (event signing keys live in the service's database: EventSigningKeysTest).
     * A named volume takes the owner of the image's directory it is mounted on; one the image does
     * not have is root's, and the service (uid 185) could not create its file there.
     */
    @ParameterizedTest
    @MethodSource("modules")
    void aServicesVolumesHoldWhatItsEnvironmentPointsToAndItsUserCanWriteThem(String module) throws IOException {
        ServiceConfig cfg = ServiceConfig.of(module);
        JsonNode s = service(module);
        Map<String, String> env = environment(s);
        List<String> instructions = DockerfilesTest.instructions(
                Files.readString(cfg.dir.resolve("src/main/docker/Dockerfile.jvm")));
        for (JsonNode v : s.path("volumes")) {
            String[] parts = v.asText().split(":");
            assertThat(parts.length).as("%s: volume %s is source:target[:mode]", module, v.asText()).isBetween(2, 3);
            String source = parts[0];
            String mountPoint = parts[1];
            assertThat(compose.path("volumes").has(source)).as("%s: %s is a named volume (what it holds outlives the container)",
                    module, source).isTrue();
            List<String> pointing = env.entrySet().stream()
                    .filter(e -> e.getValue() != null
                            && (e.getValue().equals(mountPoint) || e.getValue().startsWith(mountPoint + "/")))
                    .map(Map.Entry::getKey).toList();
            assertThat(pointing).as("%s: a variable of its environment points into the volume %s on %s",
                    module, source, mountPoint).isNotEmpty();
            List<String> runs = instructions.stream().filter(i -> i.startsWith("RUN ") && i.contains("mkdir")
                    && i.contains(mountPoint) && i.contains("chown") && i.contains("185")).toList();
            assertThat(runs).as("%s/src/main/docker/Dockerfile.jvm creates %s for uid 185 (RUN mkdir -p %s && chown ...)",
                    module, mountPoint, mountPoint).isNotEmpty();
        }
    }

    @Test
    void everyNamedVolumeIsUsed() {
        Set<String> used = new TreeSet<>();
        services.fields().forEachRemaining(e -> e.getValue().path("volumes").forEach(v -> {
            String spec = v.isTextual() ? v.asText() : v.path("source").asText();
            used.add(spec.split(":")[0]);
        }));
        Set<String> declared = new TreeSet<>();
        compose.path("volumes").fieldNames().forEachRemaining(declared::add);
        assertThat(used).as("named volumes some service mounts").containsAll(declared);
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

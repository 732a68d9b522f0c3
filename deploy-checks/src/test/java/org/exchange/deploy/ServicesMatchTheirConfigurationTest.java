package org.exchange.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Image names, ports, environment variable names, probe paths and wiring in the rendered manifests,
 * checked against each service's own application.properties and pom.xml read now, so they cannot drift.
 */
class ServicesMatchTheirConfigurationTest {

    /** Names that hold secrets: they must come from a Secret, never from a literal or a ConfigMap. */
    static final Pattern SENSITIVE = Pattern.compile(".*(PASSWORD|SECRET|TOKEN|CREDENTIAL|PRIVATE).*");

    static Stream<Arguments> overlayAndService() {
        return Repo.OVERLAYS.stream().flatMap(o -> Repo.SERVICES.stream().map(s -> Arguments.of(o, s)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("overlayAndService")
    void runsTheServicesImageOnItsPortWithItsHealthProbes(String overlay, String service) {
        ServiceConfig cfg = ServiceConfig.of(service);
        Manifests m = Manifests.of(overlay);
        JsonNode deployment = m.get("Deployment", service);
        JsonNode c = Manifests.container(deployment);

        assertThat(cfg.applicationName()).as("quarkus.application.name of %s", service).isEqualTo(service);
        assertThat(cfg.artifactId()).as("artifactId of %s", service).isEqualTo(service);
        String image = c.path("image").asText();
        String repository = image.contains("@") ? image.substring(0, image.indexOf('@'))
                : image.lastIndexOf(':') > image.lastIndexOf('/') ? image.substring(0, image.lastIndexOf(':')) : image;
        assertThat(repository).as("image of %s", service).endsWith("/" + cfg.artifactId());
        assertThat(image).as("image of %s carries a tag", service).matches(".*:[A-Za-z0-9._-]+$").doesNotEndWith(":latest");

        int port = cfg.httpPort();
        assertThat(c.path("ports")).as("ports of %s", service).hasSize(1);
        assertThat(c.path("ports").get(0).path("containerPort").asInt()).as("containerPort of %s", service).isEqualTo(port);

        assertThat(cfg.hasDependency("quarkus-smallrye-health")).as("%s has the health extension", service).isTrue();
        for (String[] probe : new String[][] {{"startupProbe", "started"}, {"livenessProbe", "live"}, {"readinessProbe", "ready"}}) {
            JsonNode get = c.path(probe[0]).path("httpGet");
            assertThat(get.path("path").asText()).as("%s %s path", service, probe[0]).isEqualTo(cfg.healthPath(probe[1]));
            assertThat(K8s.containerPort(c, get.path("port"))).as("%s %s port", service, probe[0]).isEqualTo(port);
        }
        JsonNode annotations = deployment.path("spec").path("template").path("metadata").path("annotations");
        if (annotations.has("prometheus.io/path")) {
            assertThat(annotations.path("prometheus.io/path").asText()).isEqualTo(cfg.metricsPath());
            assertThat(annotations.path("prometheus.io/port").asText()).isEqualTo(String.valueOf(port));
        }

        JsonNode svc = m.get("Service", service);
        assertThat(K8s.serviceSelects(svc, K8s.podLabels(deployment))).as("Service %s selects its pods", service).isTrue();
        assertThat(svc.path("spec").path("ports")).hasSize(1);
        JsonNode sp = svc.path("spec").path("ports").get(0);
        assertThat(sp.path("port").asInt()).as("Service port of %s", service).isEqualTo(port);
        assertThat(K8s.containerPort(c, sp.path("targetPort"))).as("targetPort of %s", service).isEqualTo(port);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("overlayAndService")
    void setsExactlyTheEnvironmentVariablesTheServiceReads(String overlay, String service) {
        ServiceConfig cfg = ServiceConfig.of(service);
        Manifests m = Manifests.of(overlay);
        JsonNode c = Manifests.container(m.get("Deployment", service));
        assertThat(c.has("envFrom")).as("%s: variables are listed one by one, not imported wholesale", service).isFalse();

        Set<String> set = new TreeSet<>();
        for (JsonNode e : c.path("env")) {
            String name = e.path("name").asText();
            assertThat(set.add(name)).as("%s sets %s twice", service, name).isTrue();
            JsonNode from = e.path("valueFrom");
            if (SENSITIVE.matcher(name).matches()) {
                assertThat(from.has("secretKeyRef")).as("%s: %s must come from a Secret", service, name).isTrue();
            } else if (from.has("configMapKeyRef")) {
                K8s.envValue(m, c, name); // resolves, or fails naming the missing ConfigMap or key
            }
        }
        set.removeIf(n -> n.startsWith("JAVA_") || n.startsWith("QUARKUS_"));
        Set<String> expected = new TreeSet<>(cfg.requiredVariables());
        if (cfg.usesKafka() && K8s.envValue(m, c, "KAFKA_SECURITY_PROTOCOL").endsWith("SSL")) {
            expected.addAll(cfg.kafkaTlsVariables());
        }
        assertThat(set).as("environment of %s in %s vs the variables its configuration reads (its "
                        + "application.properties, and what applies to it of exchange-kit's shared settings)", service, overlay)
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("overlayAndService")
    void reachesItsOwnDatabaseAndNoOtherOne(String overlay, String service) {
        ServiceConfig cfg = ServiceConfig.of(service);
        if (!cfg.usesDatabase()) {
            return;
        }
        Manifests m = Manifests.of(overlay);
        JsonNode c = Manifests.container(m.get("Deployment", service));
        String host = K8s.envValue(m, c, "DB_HOST");
        int port = Integer.parseInt(K8s.envValue(m, c, "DB_PORT"));
        JsonNode dbService = m.get("Service", host);
        assertThat(dbService.path("spec").path("ports").findValuesAsText("port")).contains(String.valueOf(port));
        List<JsonNode> dbs = m.all("StatefulSet").stream()
                .filter(s -> K8s.serviceSelects(dbService, K8s.podLabels(s))).toList();
        assertThat(dbs).as("the StatefulSet behind %s", host).hasSize(1);
        JsonNode pg = Manifests.container(dbs.get(0));
        assertThat(K8s.envValue(m, pg, "POSTGRES_DB")).as("database of %s", service).isEqualTo(cfg.databaseName());
        assertThat(K8s.secretRef(pg, "POSTGRES_USER")).isEqualTo(K8s.secretRef(c, "DB_USER"));
        assertThat(K8s.secretRef(pg, "POSTGRES_PASSWORD")).isEqualTo(K8s.secretRef(c, "DB_PASSWORD"));
        for (JsonNode p : dbService.path("spec").path("ports")) {
            assertThat(K8s.containerPort(pg, p.path("targetPort"))).isEqualTo(5432);
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyServiceHasADatabaseOfItsOwn(String overlay) {
        Manifests m = Manifests.of(overlay);
        Set<String> hosts = new HashSet<>();
        for (String service : Repo.SERVICES) {
            if (ServiceConfig.of(service).usesDatabase()) {
                String host = K8s.envValue(m, Manifests.container(m.get("Deployment", service)), "DB_HOST");
                assertThat(hosts.add(host)).as("%s shares database %s", service, host).isTrue();
            }
        }
    }

    static Stream<String> overlays() {
        return Repo.OVERLAYS.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("overlayAndService")
    void callsOtherServicesWhereTheyListen(String overlay, String service) {
        Manifests m = Manifests.of(overlay);
        JsonNode c = Manifests.container(m.get("Deployment", service));
        Set<String> called = new TreeSet<>();
        for (String variable : ServiceConfig.of(service).requiredVariables()) {
            if (!variable.endsWith("_URL") || variable.equals("KEYCLOAK_URL")) {
                continue;
            }
            String target = variable.substring(0, variable.length() - 4).toLowerCase() + "-service";
            assertThat(Repo.SERVICES).as("%s of %s names a service", variable, service).contains(target);
            called.add(target);
            String url = K8s.envValue(m, c, variable);
            assertThat(url).as("%s of %s", variable, service)
                    .isEqualTo("http://" + target + ":" + ServiceConfig.of(target).httpPort());
            m.get("Service", target);
        }
        if (service.equals("gateway")) {
            assertThat(called).as("services the gateway routes to").hasSize(Repo.SERVICES.size() - 1);
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void kafkaClientsReachTheStrimziClustersListenerAndNoOneElseDoes(String overlay) {
        Manifests m = Manifests.of(overlay);
        List<JsonNode> kafkas = m.all("Kafka");
        assertThat(kafkas).hasSize(1);
        JsonNode kafka = kafkas.get(0);
        String cluster = Manifests.name(kafka);
        JsonNode listeners = kafka.path("spec").path("kafka").path("listeners");
        assertThat(listeners).as("one listener, for the services").hasSize(1);
        JsonNode listener = listeners.get(0);
        assertThat(listener.path("type").asText()).as("Kafka's listener stays inside the cluster").isEqualTo("internal");
        String bootstrap = cluster + "-kafka-bootstrap:" + listener.path("port").asInt();
        for (String service : Repo.SERVICES) {
            ServiceConfig cfg = ServiceConfig.of(service);
            JsonNode deployment = m.get("Deployment", service);
            boolean peer = false;
            for (JsonNode p : listener.path("networkPolicyPeers")) {
                peer |= p.path("namespaceSelector").isMissingNode() && K8s.selects(p.path("podSelector"), K8s.podLabels(deployment));
            }
            assertThat(peer).as("%s may reach Kafka's listener", service).isEqualTo(cfg.usesKafka());
            if (cfg.usesKafka()) {
                assertThat(K8s.envValue(m, Manifests.container(deployment), "KAFKA_BOOTSTRAP")).isEqualTo(bootstrap);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void kafkaRunsInKraftModeWithATopicForEveryTopicTheServicesUse(String overlay) {
        Manifests m = Manifests.of(overlay);
        JsonNode kafka = m.all("Kafka").get(0);
        String cluster = Manifests.name(kafka);
        assertThat(kafka.path("metadata").path("annotations").path("strimzi.io/kraft").asText()).isEqualTo("enabled");
        assertThat(kafka.path("metadata").path("annotations").path("strimzi.io/node-pools").asText()).isEqualTo("enabled");
        assertThat(kafka.path("spec").has("zookeeper")).as("no ZooKeeper").isFalse();
        int brokers = 0;
        Set<String> roles = new HashSet<>();
        for (JsonNode pool : m.all("KafkaNodePool")) {
            assertThat(pool.path("metadata").path("labels").path("strimzi.io/cluster").asText()).isEqualTo(cluster);
            pool.path("spec").path("roles").forEach(r -> roles.add(r.asText()));
            if (pool.path("spec").path("roles").toString().contains("broker")) {
                brokers += pool.path("spec").path("replicas").asInt();
            }
        }
        assertThat(roles).containsExactlyInAnyOrder("controller", "broker");

        Set<String> used = new TreeSet<>();
        for (String service : Repo.SERVICES) {
            used.addAll(ServiceConfig.of(service).kafkaTopics("outgoing"));
            used.addAll(ServiceConfig.of(service).kafkaTopics("incoming"));
        }
        Set<String> declared = new TreeSet<>();
        for (JsonNode t : m.all("KafkaTopic")) {
            JsonNode spec = t.path("spec");
            String topic = spec.path("topicName").asText(Manifests.name(t));
            declared.add(topic);
            assertThat(t.path("metadata").path("labels").path("strimzi.io/cluster").asText()).as(topic).isEqualTo(cluster);
            assertThat(spec.path("partitions").asInt()).as("partitions of %s", topic).isPositive();
            int replicas = spec.path("replicas").asInt();
            assertThat(replicas).as("replicas of %s", topic).isBetween(1, brokers);
            assertThat(spec.path("config").path("retention.ms").asLong()).as("retention of %s", topic).isPositive();
            int minIsr = spec.path("config").path("min.insync.replicas").asInt(1);
            assertThat(minIsr).as("min.insync.replicas of %s", topic).isLessThanOrEqualTo(replicas);
            if (replicas > 1) {
                assertThat(minIsr).as("min.insync.replicas of %s (acks=all must survive one broker)", topic).isLessThan(replicas);
            }
        }
        assertThat(declared).as("KafkaTopics vs the topics the services produce and consume").isEqualTo(used);
    }
}

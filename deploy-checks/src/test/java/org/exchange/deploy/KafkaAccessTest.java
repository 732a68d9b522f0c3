package org.exchange.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.exchange.deploy.KafkaContract.Acl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The broker on Kubernetes authenticates every client (SCRAM-SHA-512 over TLS) and authorises it
 * with exactly the ACLs of {@link KafkaContract}, through one Strimzi KafkaUser per principal; each
 * service logs in as its own user with the password the User Operator keeps in that user's Secret.
 * The contract itself is checked against what the services' configuration produces and consumes.
 */
class KafkaAccessTest {

    static List<String> kafkaServices() {
        return Repo.SERVICES.stream().filter(s -> ServiceConfig.of(s).usesKafka()).toList();
    }

    @Test
    void theContractIsWhatTheServicesProduceAndConsume() {
        Set<String> principals = new TreeSet<>(KafkaContract.ACLS.keySet());
        principals.remove(KafkaContract.PARTNER);
        assertThat(principals).as("a principal per service that uses Kafka").containsExactlyInAnyOrderElementsOf(kafkaServices());
        Set<String> published = new TreeSet<>();
        for (String service : kafkaServices()) {
            ServiceConfig cfg = ServiceConfig.of(service);
            published.addAll(cfg.publishedTopics());
            assertThat(cfg.kafkaTopics("outgoing")).as("topics %s writes (its events and its dead letters)", service)
                    .isEqualTo(KafkaContract.topics(service, "Write"))
                    .contains(KafkaContract.deadLetterTopic(service));
            assertThat(cfg.kafkaTopics("incoming")).as("topics %s reads", service)
                    .isEqualTo(KafkaContract.topics(service, "Read"));
            for (String group : cfg.consumerGroups()) {
                assertThat(group).as("consumer group of %s", service).startsWith(KafkaContract.groupPrefix(service));
            }
        }
        assertThat(published).as("the public topics are what the services publish")
                .containsExactlyInAnyOrderElementsOf(KafkaContract.PUBLIC_TOPICS);
        assertThat(KafkaContract.topics(KafkaContract.PARTNER, "Read")).isEqualTo(published);
        assertThat(KafkaContract.topics(KafkaContract.PARTNER, "Write")).as("partners write nothing").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theBrokerAuthenticatesEveryClientOverTlsAndAllowsOnlyWhatAnAclAllows(String overlay) {
        Manifests m = Manifests.of(overlay);
        JsonNode kafka = m.all("Kafka").get(0);
        JsonNode spec = kafka.path("spec").path("kafka");
        assertThat(spec.path("listeners")).as("listeners").isNotEmpty();
        for (JsonNode l : spec.path("listeners")) {
            String name = l.path("name").asText();
            assertThat(l.path("tls").asBoolean()).as("listener %s is TLS", name).isTrue();
            assertThat(l.path("authentication").path("type").asText()).as("listener %s authenticates", name)
                    .isEqualTo("scram-sha-512");
        }
        assertThat(spec.path("authorization").path("type").asText()).as("authorization").isEqualTo("simple");
        assertThat(spec.path("authorization").path("superUsers")).as("no super users besides Strimzi's own").isEmpty();
        assertThat(spec.path("config").path("allow.everyone.if.no.acl.found").asBoolean(false))
                .as("allow.everyone.if.no.acl.found").isFalse();
        assertThat(kafka.path("spec").path("entityOperator").has("userOperator"))
                .as("the User Operator turns the KafkaUsers into credentials and ACLs").isTrue();

        String caSecret = Manifests.name(kafka) + "-cluster-ca-cert";
        for (String service : kafkaServices()) {
            JsonNode deployment = m.get("Deployment", service);
            JsonNode c = Manifests.container(deployment);
            assertThat(K8s.envValue(m, c, "KAFKA_SECURITY_PROTOCOL")).as("%s: protocol", service).isEqualTo("SASL_SSL");
            assertThat(K8s.envValue(m, c, "KAFKA_SASL_MECHANISM")).as("%s: mechanism", service).isEqualTo("SCRAM-SHA-512");
            assertThat(K8s.envValue(m, c, "KAFKA_TRUSTSTORE_TYPE")).as("%s: truststore type", service).isEqualTo("PEM");
            assertThat(K8s.envValue(m, c, "KAFKA_TRUSTSTORE_LOCATION")).as("%s: the cluster CA, mounted", service)
                    .isEqualTo(mountedSecretFile(deployment, caSecret, "ca.crt"));
        }
    }

    /** Where a Secret's key is mounted in the (only) container, or null when it is not. */
    static String mountedSecretFile(JsonNode workload, String secret, String key) {
        JsonNode pod = workload.path("spec").path("template").path("spec");
        JsonNode c = Manifests.container(workload);
        for (JsonNode v : pod.path("volumes")) {
            if (!v.path("secret").path("secretName").asText().equals(secret)) {
                continue;
            }
            String file = null;
            if (v.path("secret").path("items").isEmpty()) {
                file = key;
            }
            for (JsonNode item : v.path("secret").path("items")) {
                if (item.path("key").asText().equals(key)) {
                    file = item.path("path").asText();
                }
            }
            for (JsonNode mount : c.path("volumeMounts")) {
                if (file != null && mount.path("name").asText().equals(v.path("name").asText()) && !mount.has("subPath")) {
                    assertThat(mount.path("readOnly").asBoolean()).as("%s is mounted read-only", secret).isTrue();
                    return mount.path("mountPath").asText() + "/" + file;
                }
            }
        }
        return null;
    }

    /** A KafkaUser's ACLs, one entry per operation, as the User Operator applies them. */
    static Set<Acl> acls(JsonNode user) {
        Set<Acl> acls = new TreeSet<>();
        String name = Manifests.name(user);
        for (JsonNode rule : user.path("spec").path("authorization").path("acls")) {
            assertThat(rule.path("type").asText("allow")).as("%s: only allow rules", name).isEqualTo("allow");
            assertThat(rule.path("host").asText("*")).as("%s: from any host", name).isEqualTo("*");
            JsonNode r = rule.path("resource");
            List<String> operations = new ArrayList<>();
            rule.path("operations").forEach(o -> operations.add(o.asText()));
            if (rule.has("operation")) {
                operations.add(rule.path("operation").asText());
            }
            assertThat(operations).as("%s: a rule without operations", name).isNotEmpty();
            for (String op : operations) {
                acls.add(new Acl(r.path("type").asText(), r.path("name").asText(), r.path("patternType").asText("literal"), op));
            }
        }
        return acls;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyServiceAndThePartnerHasAKafkaUserWithExactlyTheContractsAcls(String overlay) {
        Manifests m = Manifests.of(overlay);
        String cluster = Manifests.name(m.all("Kafka").get(0));
        Map<String, Set<Acl>> actual = new TreeMap<>();
        for (JsonNode user : m.all("KafkaUser")) {
            String name = Manifests.name(user);
            assertThat(user.path("metadata").path("labels").path("strimzi.io/cluster").asText())
                    .as("KafkaUser %s belongs to the cluster", name).isEqualTo(cluster);
            assertThat(user.path("spec").path("authentication").path("type").asText())
                    .as("KafkaUser %s logs in with SCRAM-SHA-512", name).isEqualTo("scram-sha-512");
            assertThat(user.path("spec").path("authorization").path("type").asText())
                    .as("KafkaUser %s is authorised by ACLs", name).isEqualTo("simple");
            actual.put(name, acls(user));
        }
        assertThat(actual.keySet()).as("KafkaUsers in %s", overlay).containsExactlyInAnyOrderElementsOf(KafkaContract.ACLS.keySet());
        actual.forEach((name, acls) -> assertThat(acls).as("ACLs of KafkaUser %s in %s", name, overlay)
                .containsExactlyInAnyOrderElementsOf(KafkaContract.ACLS.get(name)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyServiceLogsInAsItsOwnKafkaUserWithThePasswordStrimziKeeps(String overlay) {
        Manifests m = Manifests.of(overlay);
        for (String service : kafkaServices()) {
            JsonNode c = Manifests.container(m.get("Deployment", service));
            JsonNode user = m.get("KafkaUser", service);
            assertThat(K8s.envValue(m, c, "KAFKA_USERNAME")).as("%s logs in as its KafkaUser", service)
                    .isEqualTo(Manifests.name(user));
            JsonNode ref = K8s.secretRef(c, "KAFKA_PASSWORD");
            assertThat(ref.path("name").asText()).as("%s: the Secret of its KafkaUser", service).isEqualTo(Manifests.name(user));
            assertThat(ref.path("key").asText()).as("%s: the key Strimzi writes the password to", service).isEqualTo("password");
            assertThat(m.find("Secret", Manifests.name(user))).as("%s: the User Operator owns that Secret", service).isEmpty();
        }
        for (JsonNode d : m.all("Deployment")) {
            if (!kafkaServices().contains(Manifests.name(d))) {
                assertThat(K8s.env(Manifests.container(d), "KAFKA_PASSWORD")).as("%s has no Kafka login", Manifests.name(d)).isEmpty();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyConsumerHasADeadLetterTopicKeptLongerThanThePublicOnes(String overlay) {
        Manifests m = Manifests.of(overlay);
        Map<String, JsonNode> topics = new TreeMap<>();
        for (JsonNode t : m.all("KafkaTopic")) {
            topics.put(t.path("spec").path("topicName").asText(Manifests.name(t)), t.path("spec"));
        }
        long longestPublic = 0;
        for (String t : KafkaContract.PUBLIC_TOPICS) {
            assertThat(topics).as("KafkaTopic %s", t).containsKey(t);
            longestPublic = Math.max(longestPublic, topics.get(t).path("config").path("retention.ms").asLong());
        }
        for (String service : kafkaServices()) {
            String dlq = KafkaContract.deadLetterTopic(service);
            assertThat(topics).as("KafkaTopic %s", dlq).containsKey(dlq);
            assertThat(topics.get(dlq).path("partitions").asInt()).as("partitions of %s", dlq).isPositive();
            assertThat(topics.get(dlq).path("config").path("retention.ms").asLong())
                    .as("retention of %s vs the public topics'", dlq).isGreaterThan(longestPublic);
        }
    }
}

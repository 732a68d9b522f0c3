package org.exchange.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Evaluates the rendered NetworkPolicies the way Kubernetes does (a pod selected by an Ingress
 * policy accepts only what one of those policies allows) over every pair of pods, and compares the
 * result with who must talk to whom.
 */
class NetworkPoliciesTest {

    /**
     * Who may call each service's port, besides nobody: the gateway (it proxies the public API,
     * /api/events/keys included), and each service that calls another: pricing uses consent's and
     * catalog's internal APIs, payout pricing's; every consumer fetches the public event keys of the
     * publishers it consumes (GET /api/events/keys). {@link #theMatrixIsWhoCallsWhomInTheServicesConfiguration}
     * derives the same from the services' *_URL settings.
     */
    static final Map<String, Set<String>> CALLERS = Map.of(
            "consent-service", Set.of("gateway", "pricing-service", "catalog-service"),
            "catalog-service", Set.of("gateway", "pricing-service", "consent-service"),
            "pricing-service", Set.of("gateway", "catalog-service", "payout-service"),
            "payout-service", Set.of("gateway"),
            "gateway", Set.of("ingress-controller"));

    @Test
    void theMatrixIsWhoCallsWhomInTheServicesConfiguration() {
        Map<String, Set<String>> derived = new TreeMap<>();
        derived.put("gateway", Set.of("ingress-controller"));
        for (String caller : Repo.SERVICES) {
            for (String variable : ServiceConfig.of(caller).requiredVariables()) {
                if (variable.endsWith("_URL") && !variable.equals("KEYCLOAK_URL")) {
                    String target = variable.substring(0, variable.length() - 4).toLowerCase() + "-service";
                    derived.computeIfAbsent(target, t -> new TreeSet<>()).add(caller);
                }
            }
        }
        Map<String, Set<String>> expected = new TreeMap<>();
        CALLERS.forEach((k, v) -> expected.put(k, new TreeSet<>(v)));
        derived.replaceAll((k, v) -> new TreeSet<>(v));
        assertThat(derived).as("callers of each service, from the *_URL variables the services need").isEqualTo(expected);
    }

    static final String INGRESS_NAMESPACE = "ingress-nginx";

    /** Labels the Keycloak Operator puts on the Keycloak pods it creates (and that the policies rely on). */
    static final Map<String, String> KEYCLOAK_POD = Map.of(
            "app", "keycloak", "app.kubernetes.io/managed-by", "keycloak-operator",
            "app.kubernetes.io/instance", "keycloak", "app.kubernetes.io/component", "server");

    record Pod(String name, String namespace, Map<String, String> labels, Map<String, Integer> ports) {
    }

    static Map<String, Pod> pods(Manifests m, String ns) {
        Map<String, Pod> pods = new LinkedHashMap<>();
        List<JsonNode> workloads = new ArrayList<>(m.all("Deployment"));
        workloads.addAll(m.all("StatefulSet"));
        for (JsonNode w : workloads) {
            Map<String, Integer> ports = new LinkedHashMap<>();
            for (JsonNode p : Manifests.container(w).path("ports")) {
                ports.put(p.path("name").asText(), p.path("containerPort").asInt());
            }
            pods.put(Manifests.name(w), new Pod(Manifests.name(w), ns, K8s.podLabels(w), ports));
        }
        pods.put("keycloak", new Pod("keycloak", ns, KEYCLOAK_POD, Map.of("http", 8080)));
        pods.put("intruder", new Pod("intruder", ns, Map.of("app.kubernetes.io/name", "intruder"), Map.of()));
        pods.put("ingress-controller", new Pod("ingress-controller", INGRESS_NAMESPACE,
                Map.of("app.kubernetes.io/name", "ingress-nginx"), Map.of()));
        pods.put("elsewhere", new Pod("elsewhere", "default", Map.of("app.kubernetes.io/name", "gateway"), Map.of()));
        return pods;
    }

    /** May `from` open a TCP connection to `to` on `port`? */
    static boolean allowed(Manifests m, Pod from, Pod to, int port) {
        boolean isolated = false;
        for (JsonNode np : m.all("NetworkPolicy")) {
            JsonNode spec = np.path("spec");
            String npNs = np.path("metadata").path("namespace").asText();
            boolean ingressType = !spec.has("policyTypes") || spec.path("policyTypes").toString().contains("\"Ingress\"");
            if (!ingressType || !npNs.equals(to.namespace()) || !K8s.selects(spec.path("podSelector"), to.labels())) {
                continue;
            }
            isolated = true;
            for (JsonNode rule : spec.path("ingress")) {
                if (peerMatches(rule.path("from"), from, npNs) && portMatches(rule.path("ports"), to, port)) {
                    return true;
                }
            }
        }
        return !isolated;
    }

    private static boolean peerMatches(JsonNode peers, Pod from, String policyNamespace) {
        if (peers.isMissingNode() || peers.isEmpty()) {
            return true;
        }
        for (JsonNode peer : peers) {
            if (peer.has("ipBlock")) {
                continue;
            }
            boolean nsOk = peer.has("namespaceSelector")
                    ? K8s.selects(peer.path("namespaceSelector"), Map.of("kubernetes.io/metadata.name", from.namespace()))
                    : from.namespace().equals(policyNamespace);
            boolean podOk = !peer.has("podSelector") || K8s.selects(peer.path("podSelector"), from.labels());
            if (nsOk && podOk) {
                return true;
            }
        }
        return false;
    }

    private static boolean portMatches(JsonNode ports, Pod to, int port) {
        if (ports.isMissingNode() || ports.isEmpty()) {
            return true;
        }
        for (JsonNode p : ports) {
            if (!p.path("protocol").asText("TCP").equals("TCP")) {
                continue;
            }
            JsonNode v = p.path("port");
            if (v.isMissingNode() || (v.isInt() && v.asInt() == port)
                    || (v.isTextual() && Integer.valueOf(port).equals(to.ports().get(v.asText())))) {
                return true;
            }
        }
        return false;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void onlyTheExpectedCallersReachEachServiceAndDatabase(String overlay) {
        Manifests m = Manifests.of(overlay);
        String ns = Manifests.name(m.all("Namespace").get(0));
        Map<String, Pod> pods = pods(m, ns);
        Map<String, String> databaseOwner = new LinkedHashMap<>();
        for (String service : Repo.SERVICES) {
            if (ServiceConfig.of(service).usesDatabase()) {
                databaseOwner.put(K8s.envValue(m, Manifests.container(m.get("Deployment", service)), "DB_HOST"), service);
            }
        }
        databaseOwner.put(m.all("Keycloak").get(0).path("spec").path("db").path("host").asText(), "keycloak");

        List<String> wrong = new ArrayList<>();
        for (Pod to : pods.values()) {
            for (int port : to.ports().values()) {
                for (Pod from : pods.values()) {
                    if (from == to) {
                        continue;
                    }
                    boolean expected;
                    if (CALLERS.containsKey(to.name())) {
                        expected = CALLERS.get(to.name()).contains(from.name());
                    } else if (databaseOwner.containsKey(to.name())) {
                        expected = databaseOwner.get(to.name()).equals(from.name());
                    } else if (to.name().equals("keycloak")) {
                        expected = Repo.SERVICES.contains(from.name());
                    } else {
                        throw new AssertionError("no expectation for pod " + to.name() + ": add it to NetworkPoliciesTest");
                    }
                    if (allowed(m, from, to, port) != expected) {
                        wrong.add(from.name() + " -> " + to.name() + ":" + port + (expected ? " is blocked" : " is allowed"));
                    }
                }
            }
        }
        assertThat(wrong).as("connections that differ from the intended matrix in %s", overlay).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void withoutTheDefaultDenyAPodNoPolicySelectsIsOpenToAll(String overlay) {
        Manifests m = Manifests.of(overlay);
        String ns = Manifests.name(m.all("Namespace").get(0));
        Map<String, Pod> pods = pods(m, ns);
        Pod stray = new Pod("stray", ns, Map.of("app.kubernetes.io/name", "stray"), Map.of("http", 9000));
        assertThat(allowed(m, pods.get("intruder"), stray, 9000)).as("the default deny covers new pods").isFalse();
        assertThat(allowed(m.without("NetworkPolicy", "default-deny-ingress"), pods.get("intruder"), stray, 9000)).isTrue();
        assertThat(allowed(m, pods.get("gateway"), pods.get("consent-service"), 8081)).isTrue();
        assertThat(allowed(m.without("NetworkPolicy", "consent-service-from-callers"),
                pods.get("gateway"), pods.get("consent-service"), 8081)).isFalse();
        assertThat(allowed(m, pods.get("pricing-service"), pods.get("payout-service"), 8084)).isFalse();
    }
}

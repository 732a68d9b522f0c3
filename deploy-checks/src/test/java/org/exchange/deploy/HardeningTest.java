package org.exchange.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every workload runs non-root on a read-only root filesystem with resources; every service scales and survives drains. */
class HardeningTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyWorkloadIsNonRootReadOnlyAndBounded(String overlay) {
        Manifests m = Manifests.of(overlay);
        List<JsonNode> workloads = new ArrayList<>(m.all("Deployment"));
        workloads.addAll(m.all("StatefulSet"));
        assertThat(workloads).hasSizeGreaterThanOrEqualTo(Repo.SERVICES.size());
        for (JsonNode w : workloads) {
            String n = Manifests.name(w);
            JsonNode pod = w.path("spec").path("template").path("spec");
            assertThat(K8s.selects(w.path("spec").path("selector"), K8s.podLabels(w))).as("%s selector matches its pods", n).isTrue();
            assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).as("%s runAsNonRoot", n).isTrue();
            assertThat(pod.path("securityContext").path("runAsUser").asInt(0)).as("%s runAsUser", n).isPositive();
            assertThat(pod.path("automountServiceAccountToken").asBoolean(true)).as("%s mounts no API token", n).isFalse();
            for (JsonNode c : pod.path("containers")) {
                JsonNode sc = c.path("securityContext");
                assertThat(sc.path("readOnlyRootFilesystem").asBoolean()).as("%s readOnlyRootFilesystem", n).isTrue();
                assertThat(sc.path("allowPrivilegeEscalation").asBoolean(true)).as("%s allowPrivilegeEscalation", n).isFalse();
                assertThat(sc.path("capabilities").path("drop").toString()).as("%s drops all capabilities", n).contains("\"ALL\"");
                assertThat(c.path("image").asText()).as("%s image", n).isNotEmpty();
                for (String r : List.of("cpu", "memory")) {
                    JsonNode req = c.path("resources").path("requests").path(r);
                    JsonNode lim = c.path("resources").path("limits").path(r);
                    assertThat(req.isMissingNode() || lim.isMissingNode()).as("%s %s request and limit", n, r).isFalse();
                    assertThat(Quantity.getAmountInBytes(new Quantity(req.asText())))
                            .as("%s %s request <= limit", n, r)
                            .isLessThanOrEqualTo(Quantity.getAmountInBytes(new Quantity(lim.asText())));
                }
                for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
                    assertThat(c.has(probe)).as("%s has a %s", n, probe).isTrue();
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyServiceHasAnAutoscalerAndADisruptionBudget(String overlay) {
        Manifests m = Manifests.of(overlay);
        for (String service : Repo.SERVICES) {
            JsonNode d = m.get("Deployment", service);
            List<JsonNode> hpas = m.all("HorizontalPodAutoscaler").stream()
                    .filter(h -> h.path("spec").path("scaleTargetRef").path("kind").asText().equals("Deployment")
                            && h.path("spec").path("scaleTargetRef").path("name").asText().equals(service)).toList();
            assertThat(hpas).as("HorizontalPodAutoscaler of %s", service).hasSize(1);
            JsonNode hpa = hpas.get(0).path("spec");
            int min = hpa.path("minReplicas").asInt(1);
            assertThat(min).as("%s minReplicas", service).isBetween(1, hpa.path("maxReplicas").asInt());
            assertThat(hpa.path("metrics")).as("%s scales on a metric", service).isNotEmpty();
            if (overlay.equals("prod")) {
                assertThat(min).as("%s keeps at least two replicas in prod", service).isGreaterThanOrEqualTo(2);
            }
            List<JsonNode> pdbs = m.all("PodDisruptionBudget").stream()
                    .filter(p -> K8s.selects(p.path("spec").path("selector"), K8s.podLabels(d))).toList();
            assertThat(pdbs).as("PodDisruptionBudget of %s", service).hasSize(1);
            JsonNode pdb = pdbs.get(0).path("spec");
            assertThat(pdb.has("maxUnavailable") || pdb.has("minAvailable")).isTrue();
            if (pdb.has("minAvailable") && pdb.path("minAvailable").isInt()) {
                assertThat(pdb.path("minAvailable").asInt()).as("%s: a drain must stay possible", service).isLessThan(min);
            }
        }
    }
}

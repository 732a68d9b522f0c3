package org.exchange.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each publisher keeps its Ed25519 event signing keys in its own database (table
 * {@code event_signing_key}, exchange-kit's EventSigner): every replica and every restart signs with
 * the same key, and a database backup holds them. The deployment gives the services no key
 * directory, no key Secret and no key volume: a key per pod (an emptyDir) or per Secret that a
 * replica does not share is what broke verification across replicas. These checks keep that design
 * from coming back.
 */
class EventSigningKeysTest {

    /** The variable the former design pointed at a key directory with. */
    static final String KEY_DIR_VARIABLE = "EVENT_SIGNING_KEY_DIR";

    /** Whether a name (Secret, volume, path) is about event signing keys. */
    static boolean aboutEventSigning(String name) {
        String n = name.toLowerCase().replace('_', '-');
        return n.contains("event-signing") || n.contains("signing-key") || n.contains("keys/events");
    }

    static List<String> modules() {
        return Repo.SERVICES;
    }

    @ParameterizedTest
    @MethodSource("modules")
    void noServiceReadsItsSigningKeysFromTheEnvironmentOrAFile(String module) {
        ServiceConfig cfg = ServiceConfig.of(module);
        assertThat(cfg.environmentVariables()).as("what %s's configuration reads", module).doesNotContain(KEY_DIR_VARIABLE);
        assertThat(cfg.resolved("exchange.events.signing.key-dir", null))
                .as("%s: its event signing keys are in its database, not in a directory", module).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void noWorkloadGetsAKeyDirectoryAKeySecretOrAKeyVolume(String overlay) {
        Manifests m = Manifests.of(overlay);
        List<String> found = new ArrayList<>();
        for (JsonNode o : m.objects) {
            String where = Manifests.kind(o) + " " + Manifests.name(o);
            if (Manifests.kind(o).equals("Secret") && aboutEventSigning(Manifests.name(o))) {
                found.add(where + ": a Secret of event signing keys");
            }
            if (Manifests.kind(o).equals("ConfigMap") || Manifests.kind(o).equals("Secret")) {
                if (o.path("data").has(KEY_DIR_VARIABLE) || o.path("stringData").has(KEY_DIR_VARIABLE)) {
                    found.add(where + ": defines " + KEY_DIR_VARIABLE);
                }
            }
            for (String field : List.of("containers", "initContainers")) {
                for (JsonNode list : o.findValues(field)) {
                    for (JsonNode c : list) {
                        String container = where + " container " + c.path("name").asText();
                        if (K8s.env(c, KEY_DIR_VARIABLE).isPresent()) {
                            found.add(container + ": sets " + KEY_DIR_VARIABLE);
                        }
                        for (JsonNode vm : c.path("volumeMounts")) {
                            if (aboutEventSigning(vm.path("name").asText()) || aboutEventSigning(vm.path("mountPath").asText())) {
                                found.add(container + ": mounts " + vm.path("name").asText() + " on "
                                        + vm.path("mountPath").asText());
                            }
                        }
                    }
                }
            }
            for (JsonNode list : o.findValues("volumes")) {
                for (JsonNode v : list) {
                    List<String> secrets = new ArrayList<>();
                    if (v.has("secret")) {
                        secrets.add(v.path("secret").path("secretName").asText());
                    }
                    for (JsonNode source : v.path("projected").path("sources")) {
                        if (source.has("secret")) {
                            secrets.add(source.path("secret").path("name").asText());
                        }
                    }
                    if (aboutEventSigning(v.path("name").asText())) {
                        found.add(where + ": a volume " + v.path("name").asText());
                    }
                    secrets.stream().filter(EventSigningKeysTest::aboutEventSigning)
                            .forEach(s -> found.add(where + ": a volume of the Secret " + s));
                }
            }
        }
        assertThat(found).as("overlay %s: event signing keys live in each service's database, shared by its replicas",
                overlay).isEmpty();
    }

    @Test
    void noComposeServiceGetsAKeyDirectoryOrAKeyVolume() throws Exception {
        JsonNode compose = Manifests.YAML.readTree(Repo.path("docker-compose.yml").toFile());
        List<String> found = new ArrayList<>();
        compose.path("services").fields().forEachRemaining(e -> {
            JsonNode s = e.getValue();
            Map<String, String> env = ComposeTest.environment(s);
            if (env.containsKey(KEY_DIR_VARIABLE)) {
                found.add(e.getKey() + ": sets " + KEY_DIR_VARIABLE);
            }
            for (JsonNode v : s.path("volumes")) {
                String spec = v.isTextual() ? v.asText() : v.path("source").asText() + ":" + v.path("target").asText();
                if (aboutEventSigning(spec)) {
                    found.add(e.getKey() + ": mounts " + spec);
                }
            }
            for (JsonNode secret : s.path("secrets")) {
                String name = secret.isTextual() ? secret.asText() : secret.path("source").asText();
                if (aboutEventSigning(name)) {
                    found.add(e.getKey() + ": the secret " + name);
                }
            }
        });
        compose.path("volumes").fieldNames().forEachRemaining(v -> {
            if (aboutEventSigning(v)) {
                found.add("the volume " + v);
            }
        });
        compose.path("secrets").fieldNames().forEachRemaining(v -> {
            if (aboutEventSigning(v)) {
                found.add("the secret " + v);
            }
        });
        assertThat(found).as("docker-compose.yml: event signing keys live in each service's database").isEmpty();
    }
}

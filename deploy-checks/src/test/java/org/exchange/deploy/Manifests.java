package org.exchange.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** One overlay rendered by `kubectl kustomize`, as a list of JSON trees. */
final class Manifests {

    static final YAMLMapper YAML = new YAMLMapper();
    private static final Map<String, Manifests> CACHE = new ConcurrentHashMap<>();

    final String overlay;
    final String yaml;
    final List<JsonNode> objects;

    private Manifests(String overlay, String yaml, List<JsonNode> objects) {
        this.overlay = overlay;
        this.yaml = yaml;
        this.objects = objects;
    }

    static Manifests of(String overlay) {
        return CACHE.computeIfAbsent(overlay, Manifests::render);
    }

    private static Manifests render(String overlay) {
        Path dir = Repo.path("k8s", "overlays", overlay);
        if (!Files.isRegularFile(dir.resolve("kustomization.yaml"))) {
            throw new AssertionError("no kustomization.yaml in " + dir);
        }
        String yaml = kustomize(dir);
        return new Manifests(overlay, yaml, parse(yaml));
    }

    static List<JsonNode> parse(String yaml) {
        List<JsonNode> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode n = it.next();
                if (n != null && !n.isNull() && !n.isMissingNode()) {
                    objects.add(n);
                }
            }
        } catch (IOException e) {
            throw new AssertionError("the rendered manifests are not YAML: " + e.getMessage(), e);
        }
        return objects;
    }

    /** Runs `kubectl kustomize DIR` (KUBECTL names another binary); fails with a clear message without it. */
    static String kustomize(Path dir) {
        String kubectl = System.getenv().getOrDefault("KUBECTL", "kubectl");
        try {
            File out = File.createTempFile("kustomize", ".yaml");
            File err = File.createTempFile("kustomize", ".err");
            try {
                Process p = new ProcessBuilder(kubectl, "kustomize", dir.toString())
                        .redirectOutput(out).redirectError(err).start();
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError("kubectl kustomize " + dir + " did not finish within 120 s");
                }
                if (p.exitValue() != 0) {
                    throw new AssertionError("kubectl kustomize " + dir + " failed (exit " + p.exitValue() + "):\n"
                            + Files.readString(err.toPath(), StandardCharsets.UTF_8));
                }
                return Files.readString(out.toPath(), StandardCharsets.UTF_8);
            } finally {
                out.delete();
                err.delete();
            }
        } catch (IOException e) {
            throw new AssertionError("kubectl is needed to render the kustomize overlays and could not be run ("
                    + e.getMessage() + "). Install kubectl (it contains kustomize) or set KUBECTL to its path.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while rendering " + dir, e);
        }
    }

    /** The same render without one object (to show that a check notices it missing). */
    Manifests without(String kind, String name) {
        get(kind, name);
        return new Manifests(overlay, yaml, objects.stream()
                .filter(o -> !(kind(o).equals(kind) && name(o).equals(name))).toList());
    }

    static String kind(JsonNode o) {
        return o.path("kind").asText();
    }

    static String name(JsonNode o) {
        return o.path("metadata").path("name").asText();
    }

    List<JsonNode> all(String kind) {
        return objects.stream().filter(o -> kind(o).equals(kind)).toList();
    }

    Optional<JsonNode> find(String kind, String name) {
        return objects.stream().filter(o -> kind(o).equals(kind) && name(o).equals(name)).findFirst();
    }

    JsonNode get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError(
                "overlay " + overlay + " renders no " + kind + " named " + name));
    }

    /** The (only) container of a Deployment or StatefulSet. */
    static JsonNode container(JsonNode workload) {
        JsonNode containers = workload.path("spec").path("template").path("spec").path("containers");
        if (containers.size() != 1) {
            throw new AssertionError(name(workload) + " should run exactly one container, has " + containers.size());
        }
        return containers.get(0);
    }
}

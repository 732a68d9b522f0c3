package org.exchange.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A JVM and a native Dockerfile per service, exposing the service's port and running as non-root. */
class DockerfilesTest {

    static Stream<Arguments> dockerfiles() {
        return Repo.SERVICES.stream().flatMap(s -> Stream.of(Arguments.of(s, "jvm"), Arguments.of(s, "native")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dockerfiles")
    void theDockerfileExposesTheServicesPortAndRunsAsNonRoot(String module, String flavour) throws IOException {
        ServiceConfig cfg = ServiceConfig.of(module);
        Path file = cfg.dir.resolve("src/main/docker/Dockerfile." + flavour);
        assertThat(file).isRegularFile();
        List<String> instructions = instructions(Files.readString(file));

        List<String> from = instructions.stream().filter(i -> i.startsWith("FROM ")).toList();
        assertThat(from).hasSize(1);
        String image = from.get(0).substring(5).trim().split("\\s+")[0];
        assertThat(image).as("base image pinned to a tag").matches("[^:]+:[A-Za-z0-9._-]+");
        String first = image.split("/")[0];
        if (image.contains("/") && (first.contains(".") || first.contains(":"))) {
            assertThat(first).as("base images come by name, or from quay.io").isEqualTo("quay.io");
        }

        assertThat(instructions).as("EXPOSE of %s", module).contains("EXPOSE " + cfg.httpPort());
        List<String> users = instructions.stream().filter(i -> i.startsWith("USER ")).toList();
        assertThat(users).isNotEmpty();
        String user = users.get(users.size() - 1).substring(5).trim();
        assertThat(user).as("the last USER is a non-root numeric uid").matches("[1-9][0-9]*(:[0-9]+)?");

        String copies = String.join("\n", instructions.stream().filter(i -> i.startsWith("COPY ")).toList());
        if (flavour.equals("jvm")) {
            assertThat(copies).contains("target/quarkus-app/lib/").contains("target/quarkus-app/quarkus/")
                    .contains("target/quarkus-app/app/");
            assertThat(String.join("\n", instructions)).contains("quarkus-run.jar");
        } else {
            assertThat(copies).contains("target/*-runner");
        }
    }

    /** Dockerfile instructions with comments dropped and continuation lines joined. */
    static List<String> instructions(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n")) {
            String t = line.strip();
            if (t.startsWith("#") || t.isEmpty()) {
                continue;
            }
            if (t.endsWith("\\")) {
                current.append(t, 0, t.length() - 1).append(' ');
                continue;
            }
            current.append(t);
            Matcher m = Pattern.compile("^(\\w+)\\s+(.*)$", Pattern.DOTALL).matcher(current.toString());
            if (m.matches()) {
                out.add(m.group(1).toUpperCase() + " " + m.group(2).replaceAll("\\s+", " ").trim());
            }
            current.setLength(0);
        }
        return out;
    }
}

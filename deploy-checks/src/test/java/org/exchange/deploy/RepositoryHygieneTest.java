package org.exchange.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The deployment names no package registry host, and covers every Quarkus service of the build. */
class RepositoryHygieneTest {

    static final List<String> REGISTRY_HOSTS = List.of("repo1.maven.org", "repo.maven.apache.org", "maven.org",
            "registry.npmjs.org", "npmjs.com", "deb.debian.org", "security.debian.org", "docker.io",
            "registry-1.docker.io", "hub.docker.com", "registry.access.redhat.com", "registry.redhat.io", "pypi.org");

    @Test
    void noDeploymentFileNamesAPackageRegistryHost() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> k8s = Files.walk(Repo.path("k8s"))) {
            k8s.filter(Files::isRegularFile).forEach(files::add);
        }
        files.add(Repo.path("docker-compose.yml"));
        files.add(Repo.path("docs", "deployment.md"));
        for (String s : Repo.SERVICES) {
            files.add(Repo.path(s, "src", "main", "docker", "Dockerfile.jvm"));
            files.add(Repo.path(s, "src", "main", "docker", "Dockerfile.native"));
        }
        List<String> found = new ArrayList<>();
        for (Path f : files) {
            String text = Files.readString(f).toLowerCase(Locale.ROOT);
            for (String host : REGISTRY_HOSTS) {
                if (text.contains(host)) {
                    found.add(Repo.root().relativize(f) + ": " + host);
                }
            }
        }
        assertThat(found).isEmpty();
    }

    @Test
    void everyQuarkusServiceOfTheBuildIsDeployed() throws IOException {
        String pom = Files.readString(Repo.path("pom.xml"));
        List<String> quarkusApps = new ArrayList<>();
        for (String module : pom.split("<module>")) {
            int end = module.indexOf("</module>");
            if (end < 0) {
                continue;
            }
            String name = module.substring(0, end).trim();
            Path dir = Repo.path(name);
            if (Files.isRegularFile(dir.resolve("src/main/resources/application.properties"))
                    && Files.readString(dir.resolve("pom.xml")).contains("quarkus-maven-plugin")
                    && Files.readString(dir.resolve("src/main/resources/application.properties")).contains("quarkus.http.port")) {
                quarkusApps.add(name);
            }
        }
        assertThat(quarkusApps).as("Quarkus applications in the build vs the deployed services")
                .containsExactlyInAnyOrderElementsOf(Repo.SERVICES);
    }
}

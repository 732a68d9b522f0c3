package org.exchange.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where the repository is, and the services the deployment is made of. */
final class Repo {

    /** The five deployable services; {@link RepositoryHygieneTest} fails when a Quarkus service is missing here. */
    static final List<String> SERVICES =
            List.of("consent-service", "catalog-service", "pricing-service", "payout-service", "gateway");

    static final List<String> OVERLAYS = List.of("dev", "prod");

    private Repo() {
    }

    static Path root() {
        String configured = System.getProperty("exchange.root");
        Path start = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
        for (Path p = start.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("exchange")) && Files.isDirectory(p.resolve("k8s"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the repository root (a folder with ./exchange and k8s/) from " + start);
    }

    static Path path(String first, String... more) {
        return root().resolve(Path.of(first, more));
    }
}

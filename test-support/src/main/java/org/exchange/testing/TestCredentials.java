package org.exchange.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Kafka passwords {@code ./exchange up} generated under {@code .exchange/kafka/credentials},
 * one file per principal, found by walking up from the working directory. JDK only.
 */
public final class TestCredentials {

    private TestCredentials() {
    }

    /** The credentials directory, or null when the launcher has not run here. */
    public static Path dir() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(".exchange/kafka/credentials");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    public static String password(String principal) {
        Path dir = dir();
        if (dir == null) {
            throw new IllegalStateException("no .exchange/kafka/credentials above " + Path.of("").toAbsolutePath()
                    + ": start the broker with ./exchange up (or ./exchange infra) first");
        }
        try {
            return Files.readString(dir.resolve(principal), StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("no credentials for Kafka principal " + principal, e);
        }
    }

    public static String jaas(String principal, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + principal
                + "\" password=\"" + password + "\";";
    }
}

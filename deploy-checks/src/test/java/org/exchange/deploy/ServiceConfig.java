package org.exchange.deploy;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service's own configuration, read at test time from its application.properties and pom.xml:
 * what the deployment must match (port, health paths, environment variables, database, topics).
 * Values are those of the prod profile (the one images run with): plain keys, overridden by %prod.
 */
final class ServiceConfig {

    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^:}]+)(?::([^}]*))?}");
    private static final Pattern ARTIFACT_ID = Pattern.compile(
            "</parent>.*?<artifactId>\\s*([^<\\s]+)\\s*</artifactId>", Pattern.DOTALL);

    final String module;
    final Path dir;
    private final Map<String, String> props;
    private final String pom;

    private ServiceConfig(String module, Path dir, Map<String, String> props, String pom) {
        this.module = module;
        this.dir = dir;
        this.props = props;
        this.pom = pom;
    }

    static ServiceConfig of(String module) {
        Path dir = Repo.path(module);
        Path file = dir.resolve("src/main/resources/application.properties");
        Properties raw = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            raw.load(r);
            return new ServiceConfig(module, dir, prodView(raw), Files.readString(dir.resolve("pom.xml")));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the configuration of " + module + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, String> prodView(Properties raw) {
        Map<String, String> view = new LinkedHashMap<>();
        for (String key : raw.stringPropertyNames()) {
            if (!key.startsWith("%")) {
                view.put(key, raw.getProperty(key));
            }
        }
        for (String key : raw.stringPropertyNames()) {
            if (key.startsWith("%")) {
                int dot = key.indexOf('.');
                for (String profile : key.substring(1, dot).split(",")) {
                    if (profile.trim().equals("prod")) {
                        view.put(key.substring(dot + 1), raw.getProperty(key));
                    }
                }
            }
        }
        return view;
    }

    String property(String key) {
        return props.get(key);
    }

    /** A property with its ${...} expressions resolved as if no environment variable were set. */
    String resolved(String key, String fallback) {
        String v = props.get(key);
        return v == null ? fallback : expand(v, 0);
    }

    private String expand(String value, int depth) {
        if (depth > 10) {
            throw new IllegalStateException("expression nesting too deep in " + value);
        }
        Matcher m = EXPRESSION.matcher(value);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String replacement = props.containsKey(name) ? expand(props.get(name), depth + 1)
                    : m.group(2) != null ? expand(m.group(2), depth + 1) : "";
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    String applicationName() {
        return props.get("quarkus.application.name");
    }

    String artifactId() {
        Matcher m = ARTIFACT_ID.matcher(pom);
        if (!m.find()) {
            throw new IllegalStateException(module + "/pom.xml names no artifactId after its parent");
        }
        return m.group(1);
    }

    boolean hasDependency(String artifactId) {
        return pom.contains("<artifactId>" + artifactId + "</artifactId>");
    }

    int httpPort() {
        return Integer.parseInt(resolved("quarkus.http.port", "8080").trim());
    }

    /** Every environment variable the configuration reads (${NAME} or ${NAME:default}). */
    Set<String> environmentVariables() {
        Set<String> names = new TreeSet<>();
        for (String v : props.values()) {
            Matcher m = ENV_REFERENCE.matcher(v);
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** The default (what the variable falls back to) of an environment variable's first reference. */
    String environmentDefault(String variable) {
        Pattern p = Pattern.compile("\\$\\{" + Pattern.quote(variable) + ":([^}]*)}");
        for (String v : props.values()) {
            Matcher m = p.matcher(v);
            if (m.find()) {
                return m.group(1);
            }
        }
        return null;
    }

    /** Liveness, readiness and startup paths as Quarkus computes them from the (possibly changed) roots. */
    String healthPath(String probe) {
        String key = switch (probe) {
            case "live" -> "quarkus.smallrye-health.liveness-path";
            case "ready" -> "quarkus.smallrye-health.readiness-path";
            case "started" -> "quarkus.smallrye-health.startup-path";
            default -> throw new IllegalArgumentException(probe);
        };
        String httpRoot = resolved("quarkus.http.root-path", "/");
        String nonApp = under(httpRoot, resolved("quarkus.http.non-application-root-path", "q"));
        String health = under(nonApp, resolved("quarkus.smallrye-health.root-path", "health"));
        return under(health, resolved(key, probe));
    }

    String metricsPath() {
        String httpRoot = resolved("quarkus.http.root-path", "/");
        String nonApp = under(httpRoot, resolved("quarkus.http.non-application-root-path", "q"));
        return under(nonApp, resolved("quarkus.micrometer.export.prometheus.path", "metrics"));
    }

    private static String under(String parent, String child) {
        if (child.startsWith("/")) {
            return child;
        }
        return (parent.endsWith("/") ? parent : parent + "/") + child;
    }

    boolean usesDatabase() {
        return props.containsKey("quarkus.datasource.db-kind");
    }

    /** The database name at the end of the datasource URL (reactive or JDBC). */
    String databaseName() {
        String url = resolved("quarkus.datasource.reactive.url", null);
        if (url == null) {
            url = resolved("quarkus.datasource.jdbc.url", null);
        }
        if (url == null) {
            throw new IllegalStateException(module + " has a datasource but no URL");
        }
        String path = url.substring(url.lastIndexOf('/') + 1);
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }

    boolean usesKafka() {
        return !kafkaTopics("outgoing").isEmpty() || !kafkaTopics("incoming").isEmpty();
    }

    /** Topics of the Kafka channels of one direction ("incoming" or "outgoing"), prefix as in prod. */
    Set<String> kafkaTopics(String direction) {
        Set<String> topics = new TreeSet<>();
        String prefix = "mp.messaging." + direction + ".";
        for (String key : props.keySet()) {
            if (key.startsWith(prefix) && key.endsWith(".connector")
                    && props.get(key).trim().equals("smallrye-kafka")) {
                String channel = key.substring(prefix.length(), key.length() - ".connector".length());
                topics.add(resolved(prefix + channel + ".topic", channel));
            }
        }
        return topics;
    }
}

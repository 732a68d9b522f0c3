package org.exchange.deploy;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service's own configuration, read at test time from its application.properties and pom.xml:
 * what the deployment must match (port, health paths, environment variables, database, topics).
 * Values are those of the prod profile (the one images run with): plain keys, overridden by %prod.
 * A service that depends on exchange-kit also reads the kit's shared defaults
 * (exchange-kit/src/main/resources/META-INF/microprofile-config.properties, ordinal 100), below
 * its own application.properties (250), as MicroProfile Config does.
 */
final class ServiceConfig {

    /** The settings every service shares, in the kit (a lower ordinal than application.properties). */
    static final String SHARED = "exchange-kit/src/main/resources/META-INF/microprofile-config.properties";

    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");
    /** ${name} or ${name:default}, where the default may hold one nested ${...}. */
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^:}]+)(?::((?:[^${}]|\\$\\{[^}]*})*))?}");
    private static final Pattern KEYS_URL = Pattern.compile("exchange\\.events\\.publishers\\.([^.]+)\\.keys-url");
    private static final Pattern ARTIFACT_ID = Pattern.compile(
            "</parent>.*?<artifactId>\\s*([^<\\s]+)\\s*</artifactId>", Pattern.DOTALL);

    final String module;
    final Path dir;
    private final Map<String, String> props;
    /** The keys whose value comes from the kit's shared file (the service does not set them itself). */
    private final Set<String> sharedKeys;
    private final String pom;

    private ServiceConfig(String module, Path dir, Map<String, String> props, Set<String> sharedKeys, String pom) {
        this.module = module;
        this.dir = dir;
        this.props = props;
        this.sharedKeys = sharedKeys;
        this.pom = pom;
    }

    private static final Map<String, ServiceConfig> CACHE = new ConcurrentHashMap<>();

    static ServiceConfig of(String module) {
        ServiceConfig cached = CACHE.get(module);
        if (cached == null) {
            cached = read(module);
            CACHE.putIfAbsent(module, cached);
        }
        return cached;
    }

    private static ServiceConfig read(String module) {
        Path dir = Repo.path(module);
        try {
            String pom = Files.readString(dir.resolve("pom.xml"));
            Map<String, String> props = prodView(load(dir.resolve("src/main/resources/application.properties")));
            Set<String> shared = new TreeSet<>();
            Path sharedFile = Repo.path(SHARED);
            if (pom.contains("<artifactId>exchange-kit</artifactId>") && Files.isRegularFile(sharedFile)) {
                prodView(load(sharedFile)).forEach((k, v) -> {
                    if (!k.equals("config_ordinal") && !props.containsKey(k)) {
                        props.put(k, v);
                        shared.add(k);
                    }
                });
            }
            return new ServiceConfig(module, dir, props, shared, pom);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the configuration of " + module + ": " + e.getMessage(), e);
        }
    }

    private static Properties load(Path file) throws IOException {
        Properties raw = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            raw.load(r);
        }
        return raw;
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

    /** Every environment variable the configuration reads (${NAME} or ${NAME:default}), its own and the shared ones. */
    Set<String> environmentVariables() {
        Set<String> names = new TreeSet<>();
        props.values().forEach(v -> names.addAll(references(v)));
        return names;
    }

    private static Set<String> references(String value) {
        Set<String> names = new TreeSet<>();
        Matcher m = ENV_REFERENCE.matcher(value);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /**
     * The environment variables a deployment of this service must set: every one its own
     * application.properties reads, and of the shared ones those that apply to it: the Kafka
     * connection and credentials (kafka.*, without the TLS truststore: {@link #kafkaTlsVariables()})
     * when it uses Kafka, and the keys URL of each publisher whose topic it consumes. Any other
     * shared variable is required too.
     */
    Set<String> requiredVariables() {
        Set<String> required = new TreeSet<>();
        Set<String> consumedPublishers = new TreeSet<>();
        for (String topic : kafkaTopics("incoming")) {
            publisherOf(topic).ifPresent(consumedPublishers::add);
        }
        props.forEach((key, value) -> {
            Set<String> refs = references(value);
            if (!sharedKeys.contains(key)) {
                required.addAll(refs);
            } else if (key.startsWith("kafka.ssl.")) {
                // only where the transport is TLS (Kubernetes), see kafkaTlsVariables()
            } else if (key.startsWith("kafka.")) {
                if (usesKafka()) {
                    required.addAll(refs);
                }
            } else if (KEYS_URL.matcher(key).matches()) {
                Matcher m = KEYS_URL.matcher(key);
                m.matches();
                if (consumedPublishers.contains(m.group(1))) {
                    required.addAll(refs);
                }
            } else {
                required.addAll(refs);
            }
        });
        return required;
    }

    /** The shared variables of the Kafka client's TLS settings (kafka.ssl.*): set where the transport is TLS. */
    Set<String> kafkaTlsVariables() {
        Set<String> tls = new TreeSet<>();
        props.forEach((key, value) -> {
            if (key.startsWith("kafka.ssl.")) {
                tls.addAll(references(value));
            }
        });
        return tls;
    }

    /** The variable naming the base URL of a publisher's event keys (exchange.events.publishers.X.keys-url). */
    Optional<String> keysUrlVariable(String publisher) {
        String v = props.get("exchange.events.publishers." + publisher + ".keys-url");
        return v == null ? Optional.empty() : references(v).stream().findFirst();
    }

    /** The service that publishes a topic (its outbox writes it), among the deployed services. */
    static Optional<String> publisherOf(String topic) {
        return Repo.SERVICES.stream().filter(s -> of(s).publishedTopics().contains(topic)).findFirst();
    }

    /** The topics this service publishes its own events to (the outgoing channels but its dead letters). */
    Set<String> publishedTopics() {
        Set<String> topics = new TreeSet<>(kafkaTopics("outgoing"));
        topics.removeIf(t -> t.startsWith("dlq."));
        return topics;
    }

    /** The consumer group ids of its incoming Kafka channels (prod profile). */
    Set<String> consumerGroups() {
        Set<String> groups = new TreeSet<>();
        String prefix = "mp.messaging.incoming.";
        for (String key : props.keySet()) {
            if (key.startsWith(prefix) && key.endsWith(".connector") && props.get(key).trim().equals("smallrye-kafka")) {
                String channel = key.substring(prefix.length(), key.length() - ".connector".length());
                groups.add(resolved(prefix + channel + ".group.id", resolved("kafka.group.id", resolved("quarkus.application.name", channel))));
            }
        }
        return groups;
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

    /**
     * Topics of one direction, prefix as in prod: "incoming" are the topics of the Kafka channels;
     * "outgoing" are what the kit's EventPublisher writes: the topic the service publishes
     * ({@code exchange.events.publishes}) and, when it consumes, its dead-letter topic.
     */
    Set<String> kafkaTopics(String direction) {
        Set<String> topics = new TreeSet<>();
        if (direction.equals("outgoing")) {
            if (props.containsKey("exchange.events.publishes")) {
                topics.add(resolved("exchange.events.publishes", "publishes"));
            }
            if (!kafkaTopics("incoming").isEmpty() && props.containsKey("exchange.events.dead-letter-topic")) {
                topics.add(resolved("exchange.events.dead-letter-topic", "dead letters"));
            }
            return topics;
        }
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

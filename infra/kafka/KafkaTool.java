import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The launcher's Kafka administration, run as a single-file program with the broker's own jars
 * (./exchange runs it; it is not part of the build). Authenticates as the broker's super user.
 *
 *   setup CREDENTIALS_DIR   topics, SCRAM users (one per file in CREDENTIALS_DIR) and the ACL matrix
 *   dlq [--all]             lists the dead-lettered records of every consumer (newest 20 per topic)
 *   replay DLQ_TOPIC OFFSET puts one dead-lettered record back on its original topic, unchanged
 *
 * The ACL matrix here is the one docs/events.md describes and the Strimzi KafkaUsers repeat:
 * each service writes only its own topic and its dead letters, reads only what it consumes, with
 * groups named after itself; the partner reads the four public topics with groups "partner-*".
 */
public class KafkaTool {

    static final List<String> PUBLIC_TOPICS = List.of("consent.events", "catalog.events", "pricing.events",
            "payout.events");
    static final Map<String, String> OWN_TOPIC = Map.of(
            "consent-service", "consent.events",
            "catalog-service", "catalog.events",
            "pricing-service", "pricing.events",
            "payout-service", "payout.events");
    static final Map<String, List<String>> CONSUMES = Map.of(
            "consent-service", List.of("catalog.events"),
            "catalog-service", List.of("consent.events", "pricing.events"),
            "pricing-service", List.of("consent.events", "catalog.events"),
            "payout-service", List.of("pricing.events"));
    static final String PARTNER = "partner";
    /** Local tests only: everything under the "test." and "bench." prefixes, nothing else. */
    static final String TESTER = "exchange-test";

    public static void main(String[] args) throws Exception {
        String bootstrap = System.getenv().getOrDefault("KAFKA_BOOTSTRAP", "127.0.0.1:9092");
        String adminPassword = System.getenv("KAFKA_ADMIN_PASSWORD");
        if (adminPassword == null || args.length == 0) {
            System.err.println("usage: KAFKA_ADMIN_PASSWORD=... KafkaTool setup DIR | dlq | replay TOPIC OFFSET");
            System.exit(2);
        }
        Properties props = client(bootstrap, "exchange-admin", adminPassword);
        switch (args[0]) {
            case "setup" -> setup(props, Path.of(args[1]));
            case "dlq" -> deadLetters(props, args.length > 1 && args[1].equals("--all"));
            case "replay" -> replay(props, args[1], Long.parseLong(args[2]));
            default -> {
                System.err.println("unknown command " + args[0]);
                System.exit(2);
            }
        }
    }

    static Properties client(String bootstrap, String user, String password) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put("security.protocol", "SASL_PLAINTEXT");
        p.put("sasl.mechanism", "SCRAM-SHA-512");
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user + "\" password=\"" + password + "\";");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        return p;
    }

    // --- setup ----------------------------------------------------------------------------------

    static void setup(Properties props, Path credentials) throws Exception {
        try (Admin admin = Admin.create(props)) {
            List<NewTopic> topics = new ArrayList<>();
            for (String t : PUBLIC_TOPICS) {
                topics.add(new NewTopic(t, 6, (short) 1));
            }
            for (String service : OWN_TOPIC.keySet()) {
                // dead letters outlive the public topics: they wait for a person to look at them
                topics.add(new NewTopic(dlq(service), 3, (short) 1)
                        .configs(Map.of("retention.ms", String.valueOf(Duration.ofDays(30).toMillis()))));
            }
            for (NewTopic topic : topics) {
                try {
                    admin.createTopics(List.of(topic)).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }

            List<UserScramCredentialUpsertion> users = new ArrayList<>();
            try (var files = Files.list(credentials)) {
                for (Path file : files.sorted().toList()) {
                    String user = file.getFileName().toString();
                    if (user.equals("exchange-admin")) {
                        continue; // created when the storage was formatted
                    }
                    users.add(new UserScramCredentialUpsertion(user,
                            new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096),
                            Files.readString(file, StandardCharsets.US_ASCII).trim()));
                }
            }
            admin.alterUserScramCredentials(new ArrayList<>(users)).all().get();
            admin.createAcls(acls()).all().get();
            System.out.printf("topics %d, users %d, acl entries %d%n", topics.size(), users.size(), acls().size());
        }
    }

    static String dlq(String service) {
        return "dlq." + service;
    }

    static List<AclBinding> acls() {
        List<AclBinding> acls = new ArrayList<>();
        for (var own : OWN_TOPIC.entrySet()) {
            String service = own.getKey();
            for (String topic : List.of(own.getValue(), dlq(service))) {
                allow(acls, service, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.WRITE, AclOperation.DESCRIBE);
            }
            for (String topic : CONSUMES.get(service)) {
                allow(acls, service, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.READ, AclOperation.DESCRIBE);
            }
            allow(acls, service, ResourceType.GROUP, service, PatternType.PREFIXED, AclOperation.READ);
        }
        for (String topic : PUBLIC_TOPICS) {
            allow(acls, PARTNER, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.READ, AclOperation.DESCRIBE);
        }
        allow(acls, PARTNER, ResourceType.GROUP, "partner-", PatternType.PREFIXED, AclOperation.READ);
        for (String prefix : List.of("test.", "bench.")) {
            allow(acls, TESTER, ResourceType.TOPIC, prefix, PatternType.PREFIXED, AclOperation.ALL);
        }
        allow(acls, TESTER, ResourceType.GROUP, "*", PatternType.LITERAL, AclOperation.ALL);
        return acls;
    }

    static void allow(List<AclBinding> acls, String user, ResourceType type, String name, PatternType pattern,
                      AclOperation... operations) {
        for (AclOperation op : operations) {
            acls.add(new AclBinding(new ResourcePattern(type, name, pattern),
                    new AccessControlEntry("User:" + user, "*", op, AclPermissionType.ALLOW)));
        }
    }

    // --- dead letters ---------------------------------------------------------------------------

    static KafkaConsumer<byte[], byte[]> consumer(Properties props) {
        Properties p = new Properties();
        p.putAll(props);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(p);
    }

    static void deadLetters(Properties props, boolean all) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(props)) {
            int total = 0;
            for (String service : new java.util.TreeSet<>(OWN_TOPIC.keySet())) {
                String topic = dlq(service);
                List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                        .map(i -> new TopicPartition(topic, i.partition())).toList();
                consumer.assign(partitions);
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
                long count = partitions.stream().mapToLong(tp -> end.get(tp) - begin.get(tp)).sum();
                total += count;
                System.out.printf("== %s: %d dead-lettered record(s)%n", topic, count);
                if (count == 0) {
                    continue;
                }
                for (TopicPartition tp : partitions) {
                    consumer.seek(tp, all ? begin.get(tp) : Math.max(begin.get(tp), end.get(tp) - 20));
                }
                List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
                long deadline = System.currentTimeMillis() + 10_000;
                while (System.currentTimeMillis() < deadline && !caughtUp(consumer, partitions, end)) {
                    consumer.poll(Duration.ofMillis(500)).forEach(records::add);
                }
                records.sort((a, b) -> Long.compare(a.timestamp(), b.timestamp()));
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    Map<String, String> h = headers(r);
                    String value = r.value() == null ? "(null)" : new String(r.value(), StandardCharsets.UTF_8);
                    System.out.printf("%s offset %d  %s  consumer=%s reason=%s from %s/%s@%s%n    %s%n    value: %s%n",
                            topic, r.offset(), Instant.ofEpochMilli(r.timestamp()), h.get("dlq-consumer"),
                            h.get("dlq-reason"), h.get("dlq-topic"), h.get("dlq-partition"), h.get("dlq-offset"),
                            h.getOrDefault("dlq-detail", ""), value.length() > 300 ? value.substring(0, 300) + "..." : value);
                }
            }
            System.out.printf("%d dead-lettered record(s) in all%s%n", total,
                    total > 0 ? "; replay one after a fix with ./exchange dlq replay TOPIC OFFSET" : "");
        }
    }

    static boolean caughtUp(KafkaConsumer<?, ?> consumer, Collection<TopicPartition> partitions,
                            Map<TopicPartition, Long> end) {
        return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
    }

    static Map<String, String> headers(ConsumerRecord<?, ?> r) {
        Map<String, String> h = new LinkedHashMap<>();
        for (Header header : r.headers()) {
            h.put(header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
        }
        return h;
    }

    /**
     * Sends a dead-lettered record back to the topic it came from: same key, value and headers
     * (so its publisher's signature still verifies), without the dlq-* headers. Consumers that
     * applied it before skip it by its event id; the one that dead-lettered it applies it now.
     */
    static void replay(Properties props, String topic, long offset) throws Exception {
        ConsumerRecord<byte[], byte[]> found = null;
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(props)) {
            for (var info : consumer.partitionsFor(topic, Duration.ofSeconds(10))) {
                TopicPartition tp = new TopicPartition(topic, info.partition());
                consumer.assign(List.of(tp));
                consumer.seek(tp, offset);
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofSeconds(3))) {
                    if (r.offset() == offset) {
                        if (found != null) {
                            throw new IllegalStateException("offset " + offset + " exists in several partitions of "
                                    + topic + "; replay by partition is not supported, use kcat");
                        }
                        found = r;
                    }
                }
            }
        }
        if (found == null) {
            throw new IllegalStateException("no record at offset " + offset + " of " + topic);
        }
        Map<String, String> h = headers(found);
        String original = h.get("dlq-topic");
        if (original == null) {
            throw new IllegalStateException("record " + offset + " of " + topic + " has no dlq-topic header");
        }
        Properties p = new Properties();
        p.putAll(props);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(original, found.key(), found.value());
            for (Header header : found.headers()) {
                if (!header.key().startsWith("dlq-")) {
                    record.headers().add(header);
                }
            }
            var meta = producer.send(record).get();
            System.out.printf("replayed %s@%d to %s partition %d offset %d%n", topic, offset, original,
                    meta.partition(), meta.offset());
        }
    }
}

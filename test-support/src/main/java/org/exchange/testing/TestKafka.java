package org.exchange.testing;

import java.nio.file.Path;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Kafka clients for tests, authenticated like every client of the local broker. The passwords are
 * those {@code ./exchange up} generated under {@code .exchange/kafka/credentials} (found by walking
 * up from the working directory). Tests act as {@value #TESTER}, which may use only topics
 * prefixed {@code test.} (and {@code bench.}); the end-to-end tests also act as the real principals
 * (a service, the partner) to check what each may and may not do.
 */
public final class TestKafka {

    public static final String BOOTSTRAP = System.getProperty("kafka.bootstrap", "127.0.0.1:9092");
    public static final String TESTER = TestConfigSource.TESTER;

    private TestKafka() {
    }

    public static Path credentialsDir() {
        return TestCredentials.dir();
    }

    public static String password(String principal) {
        return TestCredentials.password(principal);
    }

    public static String jaas(String principal, String password) {
        return TestCredentials.jaas(principal, password);
    }

    /** Client settings of {@code principal} (SASL SCRAM-SHA-512 on the loopback broker). */
    public static Properties client(String principal) {
        return client(principal, password(principal));
    }

    public static Properties client(String principal, String password) {
        Properties p = new Properties();
        p.put("bootstrap.servers", BOOTSTRAP);
        p.put("security.protocol", "SASL_PLAINTEXT");
        p.put("sasl.mechanism", "SCRAM-SHA-512");
        p.put("sasl.jaas.config", jaas(principal, password));
        return p;
    }

    /** A client with no credentials at all, which the broker must refuse. */
    public static Properties anonymous() {
        Properties p = new Properties();
        p.put("bootstrap.servers", BOOTSTRAP);
        return p;
    }

    public static KafkaProducer<String, String> producer() {
        return producer(client(TESTER));
    }

    public static KafkaProducer<String, String> producer(Properties client) {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "15000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        return new KafkaProducer<>(p);
    }

    public static KafkaConsumer<String, String> consumer(String groupPrefix) {
        return consumer(client(TESTER), groupPrefix + "-" + UUID.randomUUID());
    }

    public static KafkaConsumer<String, String> consumer(Properties client, String group) {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return new KafkaConsumer<>(p);
    }
}

package org.exchange.testing;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Configuration every service gets in its own tests (test-support is on test classpaths only):
 * Kafka as the {@code exchange-test} principal (topics {@code test.*}), and every publisher's
 * event keys replaced by the test publisher's ({@link TestEventKeys}), so that tests can write
 * signed events of any source. Above application.properties (ordinal 275).
 */
public class TestConfigSource implements ConfigSource {

    /** Same as {@link TestKafka#TESTER}, without loading Kafka's classes here. */
    static final String TESTER = "exchange-test";

    private volatile Map<String, String> properties;

    @Override
    public Map<String, String> getProperties() {
        if (properties == null) {
            Map<String, String> p = new HashMap<>();
            Path credentials = TestCredentials.dir();
            if (credentials != null && credentials.resolve(TESTER).toFile().exists()) {
                p.put("kafka.sasl.jaas.config", TestCredentials.jaas(TESTER, TestCredentials.password(TESTER)));
            }
            if (kitPresent()) { // the services' tests; not the gateway's, which has no events
                String jwks = "file:" + TestEventKeys.jwksFile();
                for (String publisher : new String[] {"consent-service", "catalog-service", "pricing-service",
                        "payout-service"}) {
                    p.put("exchange.events.publishers." + publisher + ".keys-url", jwks);
                }
            }
            properties = Map.copyOf(p);
        }
        return properties;
    }

    private static boolean kitPresent() {
        try {
            Class.forName("org.exchange.contract.signing.Ed25519", false, TestConfigSource.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    @Override
    public Set<String> getPropertyNames() {
        return getProperties().keySet();
    }

    @Override
    public String getValue(String name) {
        return getProperties().get(name);
    }

    @Override
    public String getName() {
        return "exchange-test-support";
    }

    @Override
    public int getOrdinal() {
        return 275;
    }
}

package org.exchange.deploy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who may do what on the broker, wherever it runs (the launcher, docker-compose.yml, the Strimzi
 * KafkaUsers): the contract of issue 12, written out once here and compared with each of them.
 * Each service writes only its own topic and its dead-letter topic, reads only what it consumes,
 * with consumer groups named after itself; the partner reads the four public topics with groups
 * "partner-*". Topic names are literal, group names prefixes. Idempotent producers need no
 * cluster-wide right on Kafka 4 (Write on the topic is enough), so there is none.
 */
final class KafkaContract {

    /** One allowed operation on one resource ("topic" or "group", pattern "literal" or "prefix"). */
    record Acl(String resourceType, String name, String pattern, String operation) implements Comparable<Acl> {
        @Override
        public int compareTo(Acl o) {
            return toString().compareTo(o.toString());
        }

        @Override
        public String toString() {
            return operation + " " + resourceType + " " + name + (pattern.equals("prefix") ? "*" : "");
        }
    }

    static final String PARTNER = "partner";

    static final List<String> PUBLIC_TOPICS = List.of("consent.events", "catalog.events", "pricing.events", "payout.events");

    /** Principal -> exactly the operations it is allowed. */
    static final Map<String, Set<Acl>> ACLS = contract();

    private KafkaContract() {
    }

    static String deadLetterTopic(String service) {
        return "dlq." + service;
    }

    private static Map<String, Set<Acl>> contract() {
        Map<String, Set<Acl>> c = new LinkedHashMap<>();
        c.put("consent-service", service("consent-service", "consent.events", List.of("catalog.events")));
        c.put("catalog-service", service("catalog-service", "catalog.events", List.of("consent.events", "pricing.events")));
        c.put("pricing-service", service("pricing-service", "pricing.events", List.of("consent.events", "catalog.events")));
        c.put("payout-service", service("payout-service", "payout.events", List.of("pricing.events")));
        Set<Acl> partner = new TreeSet<>();
        for (String t : PUBLIC_TOPICS) {
            partner.add(topic(t, "Read"));
            partner.add(topic(t, "Describe"));
        }
        partner.add(new Acl("group", "partner-", "prefix", "Read"));
        c.put(PARTNER, partner);
        return Map.copyOf(c);
    }

    private static Set<Acl> service(String name, String own, List<String> reads) {
        Set<Acl> acls = new TreeSet<>();
        for (String t : List.of(own, deadLetterTopic(name))) {
            acls.add(topic(t, "Write"));
            acls.add(topic(t, "Describe"));
        }
        for (String t : reads) {
            acls.add(topic(t, "Read"));
            acls.add(topic(t, "Describe"));
        }
        acls.add(new Acl("group", name, "prefix", "Read"));
        return acls;
    }

    private static Acl topic(String name, String operation) {
        return new Acl("topic", name, "literal", operation);
    }

    static Set<String> topics(String principal, String operation) {
        Set<String> topics = new TreeSet<>();
        for (Acl a : ACLS.get(principal)) {
            if (a.resourceType().equals("topic") && a.operation().equals(operation)) {
                topics.add(a.name());
            }
        }
        return topics;
    }

    static String groupPrefix(String principal) {
        return ACLS.get(principal).stream().filter(a -> a.resourceType().equals("group")).map(Acl::name)
                .findFirst().orElseThrow();
    }
}

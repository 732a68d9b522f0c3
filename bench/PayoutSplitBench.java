import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.exchange.contract.events.data.CohortMember;
import org.exchange.contract.events.data.Cohorts;
import org.exchange.contract.signing.Ed25519;

/**
 * The 100,000-subject split, run by bench/payout-split.sh against a payout-service it started:
 * publishes one purchase's cohort (chunks of 5,000) and its purchase.completed to the bench topic,
 * then times until the split is committed and until the hold release (100,000 pending -> available
 * moves and 100,000 earnings.credited events) is committed, and checks the ledger. With "replay" it
 * publishes the same events again (as after a restart that lost its offsets) and checks nothing moved.
 * Usage: java -cp <payout-service runtime jars> bench/PayoutSplitBench.java <topic-prefix> <jdbc-url> <mode>
 */
public class PayoutSplitBench {

    static final int SUBJECTS = Integer.parseInt(System.getenv().getOrDefault("SUBJECTS", "100000"));
    static final int CHUNK = 5_000;

    /** The bench's stand-in for pricing-service's signing key and its record of the purchase. */
    static KeyPair signingKey;
    static volatile String pricingRecord = "{}";

    public static void main(String[] args) throws Exception {
        String prefix = args[0];
        String jdbc = args[1];
        String mode = args.length > 2 ? args[2] : "split";
        Path keyFile = Path.of(System.getenv("BENCH_KEY_DIR"), "pricing-key.pem");
        if (!Files.exists(keyFile)) {
            KeyPair pair = Ed25519.generate();
            Files.writeString(keyFile, Ed25519.pem(pair));
            Files.writeString(keyFile.resolveSibling("pricing-jwks.json"), "{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\","
                    + "\"kid\":\"bench-pricing\",\"x\":\"" + Ed25519.base64url(Ed25519.raw(pair.getPublic())) + "\"}]}");
        }
        signingKey = Ed25519.parsePem(Files.readString(keyFile));
        // payout confirms each purchase with pricing-service: this answers for the one the bench makes
        HttpServer pricing = HttpServer.create(new InetSocketAddress("127.0.0.1",
                Integer.parseInt(System.getenv().getOrDefault("FAKE_PRICING_PORT", "18093"))), 0);
        pricing.createContext("/internal/purchases/", exchange -> {
            byte[] body = pricingRecord.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        pricing.start();
        try (Connection db = DriverManager.getConnection(jdbc, System.getenv().getOrDefault("DB_USER", "postgres"),
                System.getenv().getOrDefault("PGPASSWORD", ""))) {
            if (mode.equals("split")) {
                split(prefix, db);
            } else {
                replay(prefix, db);
            }
        } finally {
            pricing.stop(0);
        }
    }

    static void split(String prefix, Connection db) throws Exception {
        String purchaseId = UUID.randomUUID().toString();
        List<String> events = events(purchaseId);
        long amount = amountOf(events);
        pricingRecord = recordOf(events.get(events.size() - 1));
        long start = System.nanoTime();
        publish(prefix, purchaseId, events);
        long published = System.nanoTime();
        waitFor(db, "SELECT count(*) FROM purchase WHERE id = '" + purchaseId + "' AND split_tx IS NOT NULL", 1, 300);
        long split = System.nanoTime();
        System.out.printf("purchase %s: %,d subjects, %,d minor units%n", purchaseId, SUBJECTS, amount);
        System.out.printf("publish %d events (%d cohort chunks + completed): %,d ms%n", events.size(), events.size() - 1,
                ms(published - start));
        System.out.printf("first event published -> split committed (consume + stage %d chunks + split): %,d ms%n",
                events.size() - 1, ms(split - start));
        System.out.printf("postings written: %,d%n", count(db, "SELECT count(*) FROM posting p JOIN purchase u "
                + "ON u.split_tx = p.tx_id WHERE u.id = '" + purchaseId + "'"));
        waitFor(db, "SELECT count(*) FROM purchase WHERE id = '" + purchaseId + "' AND status = 'AVAILABLE'", 1, 600);
        long released = System.nanoTime();
        System.out.printf("split committed -> released from hold (includes the hold period and poll interval): %,d ms%n",
                ms(released - split));
        System.out.printf("earnings.credited events in the outbox: %,d%n",
                count(db, "SELECT count(*) FROM outbox WHERE payload LIKE '%earnings.credited%' AND payload LIKE '%"
                        + purchaseId + "%'"));
        check(db, purchaseId, amount);
        try (Statement s = db.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS bench_run (purchase_id TEXT, events TEXT[])");
            try (var ps = db.prepareStatement("INSERT INTO bench_run VALUES (?, ?)")) {
                ps.setString(1, purchaseId);
                ps.setArray(2, db.createArrayOf("text", events.toArray()));
                ps.execute();
            }
        }
    }

    /** Publishes the last run's events again, plus a sentinel, and checks that nothing moved. */
    static void replay(String prefix, Connection db) throws Exception {
        String purchaseId;
        List<String> events = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT purchase_id, events FROM bench_run")) {
            r.next();
            purchaseId = r.getString(1);
            for (Object e : (Object[]) r.getArray(2).getArray()) {
                events.add((String) e);
            }
        }
        pricingRecord = recordOf(events.get(events.size() - 1));
        long postingsBefore = count(db, "SELECT count(*) FROM posting");
        // the sentinel: the first chunk again under a new event id (recorded as processed, changes nothing)
        String sentinelId = UUID.randomUUID().toString();
        String first = events.get(0);
        events.add("{\"specversion\":\"1.0\",\"id\":\"" + sentinelId + first.substring(first.indexOf("\",\"type\"")));
        long start = System.nanoTime();
        publish(prefix, purchaseId, events);
        waitFor(db, "SELECT count(*) FROM processed_event WHERE event_id = '" + sentinelId + "'", 1, 300);
        System.out.printf("replayed %d events after the restart in %,d ms; postings before %,d, after %,d%n",
                events.size(), ms(System.nanoTime() - start), postingsBefore, count(db, "SELECT count(*) FROM posting"));
        if (count(db, "SELECT count(*) FROM posting") != postingsBefore) {
            throw new IllegalStateException("the replay changed the ledger");
        }
        check(db, purchaseId, -1);
    }

    static void check(Connection db, String purchaseId, long amount) throws SQLException {
        long splits = count(db, "SELECT count(*) FROM ledger_tx WHERE kind = 'SPLIT' AND reference = '" + purchaseId + "'");
        long unbalanced = count(db, "SELECT count(*) FROM (SELECT tx_id FROM posting GROUP BY tx_id HAVING sum(amount) <> 0) x");
        long mismatched = count(db, "SELECT count(*) FROM account a LEFT JOIN (SELECT account_id, sum(amount) t FROM posting "
                + "GROUP BY account_id) p ON p.account_id = a.id WHERE a.balance <> coalesce(p.t, 0)");
        long total = count(db, "SELECT coalesce(sum(balance), 0) FROM account");
        System.out.printf("check: %d split(s) of the purchase, %d unbalanced transactions, %d balance mismatches, "
                + "all balances sum to %d%n", splits, unbalanced, mismatched, total);
        if (splits != 1 || unbalanced != 0 || mismatched != 0 || total != 0) {
            throw new IllegalStateException("the ledger does not verify");
        }
        if (amount >= 0 && count(db, "SELECT coalesce(sum(amount), 0) FROM earning WHERE purchase_id = '" + purchaseId + "'")
                != amount) {
            throw new IllegalStateException("the shares do not add up to the amount");
        }
    }

    static List<String> events(String purchaseId) {
        Random random = new Random(2026);
        List<String> events = new ArrayList<>();
        int chunks = (SUBJECTS + CHUNK - 1) / CHUNK;
        long records = 0;
        List<CohortMember> cohort = new ArrayList<>(SUBJECTS);
        for (int c = 0; c < chunks; c++) {
            StringBuilder members = new StringBuilder();
            for (int i = c * CHUNK; i < Math.min(SUBJECTS, (c + 1) * CHUNK); i++) {
                long r = 1 + random.nextInt(500);
                records += r;
                String consentId = UUID.randomUUID().toString();
                cohort.add(new CohortMember(String.format("bench-subject-%06d", i), r, consentId, 1));
                if (members.length() > 0) {
                    members.append(',');
                }
                members.append("{\"subjectId\":\"").append(String.format("bench-subject-%06d", i)).append("\",\"records\":")
                        .append(r).append(",\"consentId\":\"").append(consentId).append("\",\"consentVersion\":1}");
            }
            events.add(envelope(UUID.randomUUID().toString(), "purchase.cohort", purchaseId, "{\"purchaseId\":\"" + purchaseId
                    + "\",\"chunk\":" + c + ",\"chunks\":" + chunks + ",\"members\":[" + members + "]}"));
        }
        long amount = records * 7; // 7 cents per record
        events.add(envelope(UUID.randomUUID().toString(), "purchase.completed", purchaseId, "{\"purchaseId\":\"" + purchaseId
                + "\",\"quoteId\":\"" + UUID.randomUUID() + "\",\"consumerId\":\"bench-consumer\",\"providerId\":\"bench-provider\","
                + "\"datasetId\":\"" + UUID.randomUUID() + "\",\"datasetRevision\":1,\"purpose\":\"ai-training\",\"amount\":" + amount
                + ",\"currency\":\"EUR\",\"subjects\":" + SUBJECTS + ",\"records\":" + records + ",\"chunks\":" + chunks
                + ",\"cohortRoot\":\"" + Cohorts.root(cohort) + "\",\"at\":\"" + Instant.now() + "\"}"));
        return events;
    }

    static long amountOf(List<String> events) {
        String completed = events.get(events.size() - 1);
        int i = completed.indexOf("\"amount\":") + 9;
        return Long.parseLong(completed.substring(i, completed.indexOf(',', i)));
    }

    /** A CloudEvents envelope as pricing-service's outbox writes it. */
    static String envelope(String id, String type, String key, String data) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"source\":\"pricing-service\","
                + "\"time\":\"" + Instant.now() + "\",\"subject\":\"" + key + "\",\"datacontenttype\":\"application/json\","
                + "\"dataschema\":\"urn:exchange:events:" + type + ":1\",\"dataversion\":1,\"data\":" + data + "}";
    }

    /** pricing-service's record of the purchase announced by a purchase.completed envelope. */
    static String recordOf(String completed) {
        String data = completed.substring(completed.indexOf("\"data\":") + 7, completed.length() - 1);
        return data.replace("\"chunks\":", "\"status\":\"COMPLETED\",\"chunks\":");
    }

    static void publish(String prefix, String key, List<String> events) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, System.getenv().getOrDefault("KAFKA_BOOTSTRAP", "127.0.0.1:9092"));
        props.put("security.protocol", "SASL_PLAINTEXT");
        props.put("sasl.mechanism", "SCRAM-SHA-512");
        props.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + System.getenv("KAFKA_USERNAME") + "\" password=\"" + System.getenv("KAFKA_PASSWORD") + "\";");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2_000_000);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (String e : events) {
                RecordHeaders headers = new RecordHeaders();
                headers.add("content-type", "application/cloudevents+json; charset=UTF-8".getBytes(StandardCharsets.UTF_8));
                headers.add("exchange-key-id", "bench-pricing".getBytes(StandardCharsets.UTF_8));
                headers.add("exchange-signature", Ed25519.base64url(Ed25519.sign(signingKey.getPrivate(),
                        e.getBytes(StandardCharsets.UTF_8))).getBytes(StandardCharsets.UTF_8));
                sent.add(producer.send(new ProducerRecord<>(prefix + "pricing.events", null, key, e, headers)));
            }
            for (Future<RecordMetadata> f : sent) {
                f.get();
            }
        }
    }

    static void waitFor(Connection db, String sql, long expected, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (count(db, sql) != expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for: " + sql);
            }
            Thread.sleep(20);
        }
    }

    static long count(Connection db, String sql) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    static long ms(long nanos) {
        return nanos / 1_000_000;
    }
}

package org.exchange.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.exchange.contract.events.EventEnvelope;
import org.exchange.contract.events.EventTypes;
import org.exchange.contract.events.data.CohortMember;
import org.exchange.contract.events.data.Cohorts;
import org.exchange.contract.events.data.PurchaseCohort;
import org.exchange.contract.events.data.PurchaseCompleted;
import org.exchange.testing.TestEvents;
import org.exchange.testing.TestKafka;

/**
 * The fault runs of issue 12, against the running stack ({@code ./exchange chaos}, also the last
 * step of {@code ./exchange test}). With load on the API through the gateway:
 * <ol type="a">
 *   <li>kill -9 the broker for 20 s, then restart it;</li>
 *   <li>kill -9 payout-service while it writes the split of a 100,000-subject purchase, then restart it;</li>
 *   <li>a poison and a forged record on every topic, without credentials and with the owner's;</li>
 *   <li>redeliver a batch of valid events, in reverse order.</li>
 * </ol>
 * Afterwards every service must be live and ready, every outbox drained, every consumer group
 * caught up, nobody paid twice, the ledger balanced and reconciled with pricing, and the catalog's
 * consent projection equal to consent-service's consents. Prints requests served and failed
 * during each fault and the time to recover; exits non-zero when any check fails.
 */
public final class Chaos {

    static final Path ROOT = Broker.state().getParent();
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final Map<String, Integer> PORTS = Map.of("consent-service", 8081, "catalog-service", 8082,
            "pricing-service", 8083, "payout-service", 8084, "gateway", 8080);
    static final List<String> GROUPS = List.of("consent-service", "catalog-service", "catalog-service-licences",
            "pricing-service", "payout-service");
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final List<String> report = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    public static void main(String[] args) throws Exception {
        Chaos chaos = new Chaos();
        chaos.play(args.length > 0 ? Set.of(args) : Set.of("broker", "payout", "poison", "redeliver"));
        System.exit(chaos.failures.isEmpty() ? 0 : 1);
    }

    void play(Set<String> phases) throws Exception {
        say("chaos run " + run + ": " + phases);
        awaitSteady("before the faults", Duration.ofMinutes(3));
        Load load = new Load();
        load.start();
        try {
            if (phases.contains("broker")) {
                brokerOutage(load);
            }
            if (phases.contains("payout")) {
                payoutKilledMidSplit(load);
            }
            if (phases.contains("poison")) {
                poisonAndForgeries(load);
            }
            if (phases.contains("redeliver")) {
                redeliverReordered(load);
            }
        } finally {
            load.stop();
        }
        long recovered = awaitSteady("after the faults", Duration.ofMinutes(5));
        checkBooks();
        report.add(String.format("%-44s %s", "all steady again after the last fault", recovered + " ms"));
        System.out.println();
        System.out.println("== chaos report (run " + run + ")");
        report.forEach(line -> System.out.println("   " + line));
        if (failures.isEmpty()) {
            System.out.println("== every check passed");
        } else {
            System.out.println("== FAILED:");
            failures.forEach(f -> System.out.println("   - " + f));
        }
    }

    // --- (a) the broker killed for 20 s -------------------------------------------------------

    void brokerOutage(Load load) throws Exception {
        step("(a) kill -9 the Kafka broker for 20 s");
        Load.Window window = load.window();
        kill("kafka");
        Instant down = Instant.now();
        Thread.sleep(5_000);
        for (String service : List.of("consent-service", "catalog-service", "pricing-service", "payout-service")) {
            check(readyStatus(service) == 200, service + " stays ready while the broker is down");
        }
        Thread.sleep(Math.max(0, 20_000 - Duration.between(down, Instant.now()).toMillis()));
        Load.Counts during = window.close();
        Instant restarted = Instant.now();
        launcher("restart", "kafka");
        long recovery = awaitSteady("after the broker restart", Duration.ofMinutes(4), true);
        report.add(String.format("%-44s %s; recovered %d ms after the restart (%d ms in all)",
                "(a) broker down 20 s", during, recovery, Duration.between(restarted, Instant.now()).toMillis()));
    }

    // --- (b) payout killed while it writes a 100,000-subject split ----------------------------

    void payoutKilledMidSplit(Load load) throws Exception {
        step("(b) kill -9 payout-service in the middle of splitting a 100,000-subject purchase");
        int subjects = Integer.parseInt(System.getProperty("chaos.subjects", "100000"));
        Purchase p = seedPurchase(subjects);
        say("pricing made purchase " + p.id + " of " + p.amount + " for " + subjects + " subjects; its relay publishes it");
        Load.Window window = load.window();
        boolean midSplit = awaitSplitWriting(p.id, Duration.ofMinutes(3));
        kill("payout-service");
        Load.Counts during = window.close();
        long splitsBefore = query("exchange_payout", "SELECT count(*) FROM ledger_tx WHERE kind = 'SPLIT' AND reference = ?", p.id);
        check(midSplit, "payout-service was caught writing the split (saw it in pg_stat_activity)");
        check(splitsBefore == 0, "the killed split left nothing behind (" + splitsBefore + " split transactions)");
        Instant restarted = Instant.now();
        launcher("restart", "payout-service");
        Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
        while (Instant.now().isBefore(deadline) && query("exchange_payout",
                "SELECT count(*) FROM ledger_tx WHERE kind = 'SPLIT' AND reference = ?", p.id) == 0) {
            Thread.sleep(500);
        }
        long toSplit = Duration.between(restarted, Instant.now()).toMillis();
        long splits = query("exchange_payout", "SELECT count(*) FROM ledger_tx WHERE kind = 'SPLIT' AND reference = ?", p.id);
        check(splits == 1, "after the restart the purchase is split exactly once (" + splits + ")");
        long paid = query("exchange_payout", "SELECT coalesce(sum(amount), 0) FROM earning WHERE purchase_id = ?", p.id);
        check(paid == p.amount, "its statement lines add up to the amount paid (" + paid + " of " + p.amount + ")");
        long lines = query("exchange_payout", "SELECT count(*) FROM earning WHERE purchase_id = ? AND owner_kind = 'subject'", p.id);
        check(lines == subjects, "every subject has one line (" + lines + " of " + subjects + ")");
        report.add(String.format("%-44s %s; split committed %d ms after the restart", "(b) payout killed mid-split",
                during, toSplit));
    }

    record Purchase(String id, long amount) {
    }

    /**
     * A purchase as pricing-service records one, written into pricing's own database (purchase,
     * pinned cohort and outbox rows, in one transaction): consent-service cannot be made to hold
     * 100,000 consents in reasonable time here, and what payout sees is exactly what a real
     * purchase produces. pricing's relay signs and publishes it; payout confirms it with pricing.
     */
    Purchase seedPurchase(int subjects) throws Exception {
        String datasetId = Stack.as("acme-health").contentType(ContentType.JSON).body(Map.of("title", "chaos " + run,
                        "description", "fault run fixture", "categories", List.of("steps"),
                        "allowedPurposes", List.of("ai-training"), "schema", Map.of("steps", "integer"),
                        "licenceTerms", "test only"))
                .post("/api/datasets").then().statusCode(201).extract().path("id");
        Stack.as("acme-health").contentType(ContentType.JSON).body(Map.of("currency", "EUR", "pricePerRecord", 1,
                "purposeMultipliers", Map.of(), "minimumPrice", 100)).put("/api/datasets/" + datasetId + "/price")
                .then().statusCode(200);
        String consumer = Stack.idOf("ai-lab");
        String provider = Stack.idOf("acme-health");
        List<CohortMember> cohort = new ArrayList<>(subjects);
        long records = 0;
        for (int i = 0; i < subjects; i++) {
            long r = 1 + (i % 7);
            records += r;
            cohort.add(new CohortMember(String.format("chaos-%s-%06d", run, i), r, UUID.randomUUID().toString(), 1));
        }
        cohort.sort((a, b) -> a.subjectId().compareTo(b.subjectId()));
        String purchaseId = UUID.randomUUID().toString();
        String quoteId = UUID.randomUUID().toString();
        long amount = records * 3;
        Instant now = Instant.now();
        int chunks = (subjects + PurchaseCohort.CHUNK_SIZE - 1) / PurchaseCohort.CHUNK_SIZE;
        try (Connection c = Stack.database("exchange_pricing")) {
            c.setAutoCommit(false);
            try (PreparedStatement q = c.prepareStatement("""
                    INSERT INTO quote (id, consumer_id, dataset_id, provider_id, dataset_revision, purpose, price_book_version,
                                       amount, currency, subjects, records, created_at, expires_at)
                    VALUES (?::uuid, ?, ?, ?, 1, 'ai-training', (SELECT max(version) FROM price_book WHERE dataset_id = ?),
                            ?, 'EUR', ?, ?, ?, ?)""")) {
                q.setString(1, quoteId);
                q.setString(2, consumer);
                q.setString(3, datasetId);
                q.setString(4, provider);
                q.setString(5, datasetId);
                q.setLong(6, amount);
                q.setInt(7, subjects);
                q.setLong(8, records);
                q.setTimestamp(9, Timestamp.from(now));
                q.setTimestamp(10, Timestamp.from(now.plus(Duration.ofMinutes(15))));
                q.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement("""
                    INSERT INTO purchase (id, quote_id, consumer_id, provider_id, dataset_id, dataset_revision, purpose,
                                          price_book_version, amount, currency, subjects, records, status, created_at,
                                          valid_until, cohort_root)
                    SELECT ?::uuid, id, consumer_id, provider_id, dataset_id, 1, purpose, price_book_version, amount, currency,
                           subjects, records, 'COMPLETED', ?, ?, ? FROM quote WHERE id = ?::uuid""")) {
                p.setString(1, purchaseId);
                p.setTimestamp(2, Timestamp.from(now));
                p.setTimestamp(3, Timestamp.from(now.plus(Duration.ofDays(365))));
                p.setString(4, Cohorts.root(cohort));
                p.setString(5, quoteId);
                p.executeUpdate();
            }
            try (PreparedStatement m = c.prepareStatement("INSERT INTO purchase_member (purchase_id, subject_id, records, "
                    + "consent_id, consent_version) VALUES (?::uuid, ?, ?, ?, ?)")) {
                for (CohortMember member : cohort) {
                    m.setString(1, purchaseId);
                    m.setString(2, member.subjectId());
                    m.setLong(3, member.records());
                    m.setString(4, member.consentId());
                    m.setLong(5, member.consentVersion());
                    m.addBatch();
                }
                m.executeBatch();
            }
            try (PreparedStatement o = c.prepareStatement(
                    "INSERT INTO outbox (event_id, topic, event_key, payload) VALUES (?, 'pricing.events', ?, ?)")) {
                List<EventEnvelope> events = new ArrayList<>();
                for (int i = 0; i < chunks; i++) {
                    List<CohortMember> part = cohort.subList(i * PurchaseCohort.CHUNK_SIZE,
                            Math.min(subjects, (i + 1) * PurchaseCohort.CHUNK_SIZE));
                    events.add(TestEvents.envelope(EventTypes.PURCHASE_COHORT, "pricing-service", purchaseId,
                            new PurchaseCohort(purchaseId, i, chunks, part)));
                }
                events.add(TestEvents.envelope(EventTypes.PURCHASE_COMPLETED, "pricing-service", purchaseId,
                        new PurchaseCompleted(purchaseId, quoteId, consumer, provider, datasetId, 1, "ai-training", amount,
                                "EUR", subjects, records, chunks, Cohorts.root(cohort), now)));
                for (EventEnvelope e : events) {
                    o.setString(1, e.id());
                    o.setString(2, purchaseId);
                    o.setString(3, TestEvents.json(e));
                    o.addBatch();
                }
                o.executeBatch();
            }
            c.commit();
        }
        return new Purchase(purchaseId, amount);
    }

    /** Waits until payout-service is seen writing the purchase's split (its statement lines or postings). */
    boolean awaitSplitWriting(String purchaseId, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            long writing = query("postgres", """
                    SELECT count(*) FROM pg_stat_activity WHERE datname = 'exchange_payout' AND state = 'active'
                       AND (query ILIKE '%INSERT INTO earning%' OR query ILIKE '%INSERT INTO posting%'
                            OR query ILIKE '%UPDATE account%')""");
            if (writing > 0 && query("exchange_payout",
                    "SELECT count(*) FROM cohort_chunk WHERE purchase_id = ?", purchaseId) > 0) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    // --- (c) poison and forgeries on every topic ----------------------------------------------

    void poisonAndForgeries(Load load) throws Exception {
        step("(c) a poison and a forged record on every topic, without and with the owner's credentials");
        Load.Window window = load.window();
        Map<String, String> owners = Map.of("consent.events", "consent-service", "catalog.events", "catalog-service",
                "pricing.events", "pricing-service", "payout.events", "payout-service");
        Map<String, List<String>> consumers = Map.of("consent.events", List.of("catalog-service", "pricing-service"),
                "catalog.events", List.of("consent-service", "pricing-service"),
                "pricing.events", List.of("catalog-service", "payout-service"), "payout.events", List.of());
        Map<String, String> forgedType = Map.of("consent.events", EventTypes.SUBJECT_ERASED, "catalog.events",
                EventTypes.DATASET_WITHDRAWN, "pricing.events", EventTypes.PURCHASE_REFUNDED, "payout.events",
                EventTypes.PAYOUT_PAID);
        int expectedLetters = 0;
        for (String topic : owners.keySet()) {
            Properties anonymous = TestKafka.anonymous();
            anonymous.put("max.block.ms", "5000");
            try (KafkaProducer<String, String> nobody = TestKafka.producer(anonymous)) {
                boolean refused;
                try {
                    nobody.send(new ProducerRecord<>(topic, "chaos-" + run, "{}")).get();
                    refused = false;
                } catch (Exception e) {
                    refused = true;
                }
                check(refused, "a client without credentials cannot write " + topic);
            }
            String key = "chaos-" + run + "-" + topic;
            String forged = TestEvents.json(TestEvents.envelope(forgedType.get(topic), owners.get(topic), key,
                    Map.of("forged", true)));
            try (KafkaProducer<String, String> owner = TestKafka.producer(TestKafka.client(owners.get(topic)))) {
                owner.send(new ProducerRecord<>(topic, key, "\u0000poison\u0001 not json")).get();
                owner.send(new ProducerRecord<>(topic, null, key, forged, new RecordHeaders())).get();
            }
            expectedLetters += 2 * consumers.get(topic).size();
        }
        int found = 0;
        for (String service : List.of("consent-service", "catalog-service", "pricing-service", "payout-service")) {
            found += Broker.deadLetters("dlq." + service, l -> l.key() != null && l.key().startsWith("chaos-" + run + "-"),
                    Integer.MAX_VALUE, Duration.ofSeconds(15)).size();
        }
        Load.Counts during = window.close();
        check(found == expectedLetters, "every consumer dead-lettered each poison and forged record (" + found + " of "
                + expectedLetters + ")");
        report.add(String.format("%-44s %s; %d dead letters", "(c) poison and forgeries", during, found));
    }

    // --- (d) valid events again, in reverse order ---------------------------------------------

    void redeliverReordered(Load load) throws Exception {
        step("(d) redeliver the last 200 valid records of consent.events and pricing.events, in reverse order");
        Load.Window window = load.window();
        String ledgerBefore = ledgerFingerprint();
        int sent = 0;
        try (KafkaConsumer<String, String> reader = TestKafka.consumer(TestKafka.client("exchange-admin"), "chaos-" + run);
             KafkaProducer<String, String> admin = TestKafka.producer(TestKafka.client("exchange-admin"))) {
            for (String topic : List.of("consent.events", "pricing.events")) {
                List<TopicPartition> partitions = reader.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
                reader.assign(partitions);
                Map<TopicPartition, Long> end = reader.endOffsets(partitions);
                for (TopicPartition tp : partitions) {
                    reader.seek(tp, Math.max(0, end.get(tp) - 35));
                }
                List<ConsumerRecord<String, String>> batch = new ArrayList<>();
                Instant until = Instant.now().plusSeconds(10);
                while (Instant.now().isBefore(until) && partitions.stream().anyMatch(tp -> reader.position(tp) < end.get(tp))) {
                    for (ConsumerRecord<String, String> r : reader.poll(Duration.ofMillis(500))) {
                        if (r.headers().lastHeader("exchange-signature") != null && r.value() != null
                                && r.value().contains("\"specversion\"")) {
                            batch.add(r);
                        }
                    }
                }
                List<ConsumerRecord<String, String>> last = batch.subList(Math.max(0, batch.size() - 100), batch.size());
                for (int i = last.size() - 1; i >= 0; i--) {
                    ConsumerRecord<String, String> r = last.get(i);
                    admin.send(new ProducerRecord<>(topic, null, r.key(), r.value(), r.headers())).get();
                    sent++;
                }
            }
        }
        awaitSteady("after the redelivery", Duration.ofMinutes(2), true);
        Load.Counts during = window.close();
        check(ledgerFingerprint().equals(ledgerBefore), "redelivered events moved no money (" + ledgerBefore + ")");
        report.add(String.format("%-44s %s; %d records redelivered", "(d) redelivered in reverse order", during, sent));
    }

    // --- what must hold after all of it -------------------------------------------------------

    void checkBooks() throws Exception {
        step("the books");
        long doubled = query("exchange_payout", """
                SELECT count(*) FROM (SELECT reference FROM ledger_tx WHERE kind = 'SPLIT' GROUP BY reference HAVING count(*) > 1) d""");
        check(doubled == 0, "no purchase is split twice (" + doubled + ")");
        long wrong = query("exchange_payout", """
                SELECT count(*) FROM purchase p WHERE p.split_tx IS NOT NULL
                   AND p.amount <> (SELECT coalesce(sum(amount), 0) FROM earning e WHERE e.purchase_id = p.id)""");
        check(wrong == 0, "every split purchase's statement lines add up to its amount (" + wrong + " do not)");
        JsonNode verify = MAPPER.readTree(Stack.as("auditor").get("/api/ledger/verify").then().statusCode(200)
                .extract().asString());
        check(verify.path("balanced").asBoolean(), "the ledger is balanced and reconciled with pricing: "
                + verify.path("discrepancies"));
        say("ledger: " + verify.path("transactions") + " transactions, " + verify.path("purchasesReconciled")
                + " purchases reconciled with pricing");
        Map<String, String> consents = rows("exchange_consent", "SELECT id::text, status || '/' || version FROM consent");
        Map<String, String> projected = rows("exchange_catalog",
                "SELECT consent_id::text, status || '/' || version FROM consent_projection");
        List<String> differ = new ArrayList<>();
        for (Map.Entry<String, String> c : consents.entrySet()) {
            if (!c.getValue().equals(projected.get(c.getKey()))) {
                differ.add(c.getKey() + " " + c.getValue() + " vs " + projected.get(c.getKey()));
            }
        }
        for (String id : projected.keySet()) {
            if (!consents.containsKey(id)) {
                differ.add(id + " projected but unknown to consent-service");
            }
        }
        check(differ.isEmpty(), "the catalog projects exactly the " + consents.size() + " consents consent-service holds "
                + (differ.isEmpty() ? "" : differ.subList(0, Math.min(5, differ.size()))));
    }

    /**
     * Waits until every part is live and ready, every outbox drained and every consumer group
     * caught up; returns the ms it took. Without load "caught up" is lag 0; under load (events keep
     * coming, and offsets are committed every few seconds) it means every group has committed
     * past the end each topic had when the wait began: all that was pending has been consumed.
     */
    long awaitSteady(String when, Duration timeout) throws Exception {
        return awaitSteady(when, timeout, false);
    }

    long awaitSteady(String when, Duration timeout, boolean underLoad) throws Exception {
        Map<String, Map<TopicPartition, Long>> target = underLoad ? ends() : null;
        Instant started = Instant.now();
        Instant deadline = started.plus(timeout);
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            List<String> notYet = new ArrayList<>();
            for (Map.Entry<String, Integer> s : PORTS.entrySet()) {
                if (status("http://127.0.0.1:" + s.getValue() + "/q/health/live") != 200) {
                    notYet.add(s.getKey() + " not live");
                } else if (readyStatus(s.getKey()) != 200) {
                    notYet.add(s.getKey() + " not ready");
                } else if (!s.getKey().equals("gateway") && backlog(s.getKey()) != 0) {
                    notYet.add(s.getKey() + " outbox backlog " + backlog(s.getKey()));
                }
            }
            if (notYet.isEmpty()) {
                Map<String, Long> lag = lag(target);
                if (!lag.isEmpty()) {
                    notYet.add("consumer lag " + lag);
                }
            }
            if (notYet.isEmpty()) {
                long ms = Duration.between(started, Instant.now()).toMillis();
                say("steady " + when + " (" + ms + " ms)");
                return ms;
            }
            last = String.join(", ", notYet);
            Thread.sleep(500);
        }
        check(false, "steady " + when + " within " + timeout.toSeconds() + " s: still " + last);
        return Duration.between(started, Instant.now()).toMillis();
    }

    /** The end offset of every partition each group reads, per group. */
    Map<String, Map<TopicPartition, Long>> ends() {
        Map<String, Map<TopicPartition, Long>> all = new LinkedHashMap<>();
        try (Admin admin = Admin.create(TestKafka.client("exchange-admin"))) {
            for (String group : GROUPS) {
                Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().keySet()
                        .forEach(tp -> latest.put(tp, OffsetSpec.latest()));
                Map<TopicPartition, Long> ends = new LinkedHashMap<>();
                admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
                all.put(group, ends);
            }
        } catch (Exception e) {
            return Map.of();
        }
        return all;
    }

    /**
     * Records per group not yet committed: behind the current end of each partition, or behind
     * {@code target} when given. Only groups behind; {"?": -1} when it cannot be read.
     */
    Map<String, Long> lag(Map<String, Map<TopicPartition, Long>> target) {
        Map<String, Map<TopicPartition, Long>> ends = target != null ? target : ends();
        try (Admin admin = Admin.create(TestKafka.client("exchange-admin"))) {
            Map<String, Long> behind = new LinkedHashMap<>();
            for (String group : GROUPS) {
                long lag = 0;
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get();
                for (var e : ends.getOrDefault(group, Map.of()).entrySet()) {
                    OffsetAndMetadata at = committed.get(e.getKey());
                    lag += Math.max(0, e.getValue() - (at == null ? 0 : at.offset()));
                }
                if (lag > 0) {
                    behind.put(group, lag);
                }
            }
            return behind;
        } catch (Exception e) {
            return Map.of("?", -1L);
        }
    }

    long backlog(String service) {
        try {
            JsonNode health = MAPPER.readTree(get("http://127.0.0.1:" + PORTS.get(service) + "/q/health/ready"));
            for (JsonNode check : health.path("checks")) {
                if ("events".equals(check.path("name").asText())) {
                    return check.path("data").path("outboxBacklog").asLong(-1);
                }
            }
            return -1;
        } catch (Exception e) {
            return -1;
        }
    }

    int readyStatus(String service) {
        return status("http://127.0.0.1:" + PORTS.get(service) + "/q/health/ready");
    }

    String ledgerFingerprint() throws SQLException {
        return query("exchange_payout", "SELECT count(*) FROM ledger_tx") + " tx / "
                + query("exchange_payout", "SELECT count(*) FROM posting") + " postings / "
                + query("exchange_payout", "SELECT coalesce(sum(abs(balance)), 0) FROM account") + " abs balance";
    }

    // --- processes, HTTP, SQL -----------------------------------------------------------------

    void kill(String part) throws Exception {
        String pid = Files.readString(Broker.state().resolve("run/" + part + ".pid")).trim();
        say("kill -9 " + part + " (process group " + pid + ")");
        new ProcessBuilder("kill", "-9", "--", "-" + pid).inheritIO().start().waitFor();
        while (new ProcessBuilder("kill", "-0", pid).start().waitFor() == 0) {
            Thread.sleep(100);
        }
    }

    void launcher(String command, String part) throws Exception {
        say("./exchange " + command + " " + part);
        Process p = new ProcessBuilder(ROOT.resolve("exchange").toString(), command, part).directory(ROOT.toFile())
                .redirectErrorStream(true).redirectOutput(Broker.state().resolve("logs/chaos-launcher.log").toFile())
                .start();
        if (p.waitFor() != 0) {
            check(false, "./exchange " + command + " " + part + " failed; see .exchange/logs/chaos-launcher.log");
        }
    }

    static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    static String get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    static long query(String db, String sql, Object... params) throws SQLException {
        try (Connection c = Stack.database(db); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static Map<String, String> rows(String db, String sql) throws SQLException {
        Map<String, String> rows = new LinkedHashMap<>();
        try (Connection c = Stack.database(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.put(rs.getString(1), rs.getString(2));
            }
        }
        return rows;
    }

    void check(boolean ok, String what) {
        System.out.println((ok ? "   ok   " : "   FAIL ") + what);
        if (!ok) {
            failures.add(what);
        }
    }

    static void step(String what) {
        System.out.println();
        System.out.println("== " + what);
    }

    static void say(String what) {
        System.out.println("   " + what);
    }

    /**
     * Load on the API while the faults happen: subjects granting and revoking consents, and
     * reading them, through the gateway with real tokens. Counts what was served and what failed.
     */
    static final class Load {

        record Counts(long served, long failed, long limited) {
            @Override
            public String toString() {
                return String.format("%d requests served, %d failed, %d rate-limited", served, failed, limited);
            }
        }

        final class Window {
            private final long served = Load.this.served.get();
            private final long failed = Load.this.failed.get();
            private final long limited = Load.this.limited.get();

            Counts close() {
                return new Counts(Load.this.served.get() - served, Load.this.failed.get() - failed,
                        Load.this.limited.get() - limited);
            }
        }

        private final AtomicLong served = new AtomicLong();
        private final AtomicLong failed = new AtomicLong();
        private final AtomicLong limited = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> threads = new ArrayList<>();

        Window window() {
            return new Window();
        }

        void start() {
            for (String user : List.of("alice", "bob")) {
                Thread t = new Thread(() -> {
                    while (running.get()) {
                        try {
                            Response granted = Stack.as(user).contentType(ContentType.JSON)
                                    .body(Map.of("datasetId", UUID.randomUUID().toString(), "purpose", "ai-training",
                                            "dataCategories", List.of("steps")))
                                    .post("/api/consents");
                            count(granted.statusCode());
                            if (granted.statusCode() == 201) {
                                count(Stack.as(user).post("/api/consents/" + granted.path("id") + "/revoke").statusCode());
                            }
                            count(Stack.as(user).get("/api/consents?size=5").statusCode());
                            Thread.sleep(150);
                        } catch (Exception e) {
                            failed.incrementAndGet();
                        }
                    }
                }, "load-" + user);
                t.setDaemon(true);
                t.start();
                threads.add(t);
            }
        }

        private void count(int status) {
            if (status == 429) {
                limited.incrementAndGet();
            } else if (status >= 200 && status < 300) {
                served.incrementAndGet();
            } else {
                failed.incrementAndGet();
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) {
                t.join(10_000);
            }
        }
    }
}

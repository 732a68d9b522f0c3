package org.exchange.payout.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.exchange.kit.events.EventEnvelope;
import org.exchange.kit.events.EventTypes;
import org.exchange.kit.events.data.CohortMember;
import org.exchange.kit.events.data.PurchaseCohort;
import org.exchange.kit.events.data.PurchaseCompleted;
import org.exchange.kit.events.data.PurchaseRefunded;

/** Builds pricing events the way pricing-service publishes them, and reads the ledger back. */
public final class Fixtures {

    public static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private Fixtures() {
    }

    public record Member(String subjectId, long records) {
    }

    /** A purchase and the events announcing it: its cohort chunks, then completed. */
    public record Purchase(String id, String consumerId, String providerId, String datasetId, long amount,
                           List<Member> members, List<EventEnvelope> chunks, EventEnvelope completed) {

        public List<EventEnvelope> events() {
            List<EventEnvelope> all = new ArrayList<>(chunks);
            all.add(completed);
            return all;
        }

        public EventEnvelope refunded() {
            return envelope(EventTypes.PURCHASE_REFUNDED, id,
                    new PurchaseRefunded(id, consumerId, amount, "EUR", "test refund", Instant.now()));
        }
    }

    public static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    public static Purchase purchase(long amount, List<Member> members, int chunkSize) {
        return purchase(id("purchase"), id("consumer"), id("provider"), amount, members, chunkSize, "EUR");
    }

    public static Purchase purchase(String purchaseId, String consumerId, String providerId, long amount,
                                    List<Member> members, int chunkSize, String currency) {
        String datasetId = id("dataset");
        List<EventEnvelope> chunks = new ArrayList<>();
        int n = (members.size() + chunkSize - 1) / chunkSize;
        long records = 0;
        for (int c = 0; c < n; c++) {
            List<CohortMember> part = new ArrayList<>();
            for (Member m : members.subList(c * chunkSize, Math.min(members.size(), (c + 1) * chunkSize))) {
                part.add(new CohortMember(m.subjectId(), m.records(), UUID.randomUUID().toString(), 1));
            }
            chunks.add(envelope(EventTypes.PURCHASE_COHORT, purchaseId, new PurchaseCohort(purchaseId, c, n, part)));
        }
        for (Member m : members) {
            records += m.records();
        }
        EventEnvelope completed = envelope(EventTypes.PURCHASE_COMPLETED, purchaseId, new PurchaseCompleted(purchaseId,
                id("quote"), consumerId, providerId, datasetId, 1, "ai-training", amount, currency, members.size(), records,
                n, Instant.now()));
        return new Purchase(purchaseId, consumerId, providerId, datasetId, amount, members, chunks, completed);
    }

    public static EventEnvelope envelope(String type, String key, Object data) {
        return new EventEnvelope(UUID.randomUUID().toString(), type, "pricing-service", Instant.now(), key, 1,
                MAPPER.valueToTree(data));
    }

    /** The same event under a new id, as a producer that re-sends after a timeout would. */
    public static EventEnvelope resentUnderNewId(EventEnvelope e) {
        return new EventEnvelope(UUID.randomUUID().toString(), e.type(), e.source(), e.time(), e.subject(),
                e.dataVersion(), e.data());
    }

    public static String json(EventEnvelope e) {
        try {
            return MAPPER.writeValueAsString(e);
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Runs a reactive service call on a Vert.x context (as the Kafka consumer would) and waits. */
    public static <T> T await(Supplier<Uni<T>> call) {
        try {
            return VertxContextSupport.subscribeAndAwait(call);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    public static long count(Pool db, String sql, Object... params) {
        return first(db, sql, params).getLong(0);
    }

    public static Row first(Pool db, String sql, Object... params) {
        return db.preparedQuery(sql).execute(Tuple.from(params)).await().atMost(Duration.ofSeconds(30)).iterator().next();
    }

    public static long balance(Pool db, String ownerKind, String ownerId, String type) {
        return count(db, "SELECT coalesce(sum(balance), 0)::bigint FROM account WHERE id = $1",
                ownerKind + ":" + ownerId + ":" + type);
    }

    /** Waits until no payout is REQUESTED or PROCESSING, so background settlement cannot change what a test compares. */
    public static void awaitPayoutsSettled(Pool db) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                count(db, "SELECT count(*) FROM payout WHERE status IN ('REQUESTED', 'PROCESSING')") == 0);
    }

    /**
     * A fingerprint of everything money-related about one purchase: its ledger transactions, the
     * postings and balances of its payees' accounts, its status, earnings and events. Tests compare
     * it before and after a rejected event. Scoped to the purchase, because the background jobs
     * release and settle what other tests left behind at any moment.
     */
    public static String ledgerStateOf(Pool db, Purchase p) {
        List<String> owners = new ArrayList<>(List.of(p.consumerId(), p.providerId()));
        p.members().forEach(m -> owners.add(m.subjectId()));
        Row r = first(db, """
                SELECT (SELECT count(*) FROM ledger_tx WHERE reference = $1) || '/'
                    || (SELECT count(*) FROM posting JOIN account a ON a.id = posting.account_id WHERE a.owner_id = ANY($2)) || '/'
                    || (SELECT coalesce(sum(abs(balance)), 0) FROM account WHERE owner_id = ANY($2)) || '/'
                    || coalesce((SELECT status FROM purchase WHERE id = $1), 'none') || '/'
                    || (SELECT count(*) FROM earning WHERE purchase_id = $1) || '/'
                    || (SELECT count(*) FROM outbox WHERE payload LIKE '%' || $1 || '%')""",
                p.id(), owners.toArray(new String[0]));
        return r.getString(0);
    }
}

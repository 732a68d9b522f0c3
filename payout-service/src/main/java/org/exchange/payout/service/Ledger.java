package org.exchange.payout.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import org.exchange.kit.db.JsonRows;
import org.exchange.payout.Account;
import org.exchange.payout.config.PayoutConfig;

/**
 * Writes ledger transactions in the caller's database transaction. A ledger transaction is
 * immutable: its (kind, reference) is unique, its postings sum to zero (checked before writing
 * and again on what was written), and the balances of the accounts it touches move by exactly
 * its postings. Large transactions are written set-based with the kit's {@link JsonRows} (two
 * statements per batch of {@link #BATCH} legs: balances, then postings), never a statement per posting.
 */
@ApplicationScoped
public class Ledger {

    /** Legs per SQL statement: large enough to be fast, small enough to keep parameters modest. */
    static final int BATCH = 10_000;

    public enum Kind { SPLIT, RELEASE, VOID, REVERSAL, PAYOUT_RESERVE, PAYOUT_SETTLE, PAYOUT_RETURN }

    /** One posting to be written: {@code amount} (signed, minor units) on an owner's account. */
    public record Leg(String ownerKind, String ownerId, String type, long amount) {
        public String accountId() {
            return Account.idOf(ownerKind, ownerId, type);
        }
    }

    private final String currency;

    public Ledger(PayoutConfig config) {
        this.currency = config.currency();
    }

    /**
     * Opens a transaction of {@code kind} for {@code reference}. Emits its id, or null when that
     * kind was already posted for that reference (which makes every effect exactly-once).
     */
    public Uni<UUID> open(Kind kind, String reference) {
        UUID id = UUID.randomUUID();
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "INSERT INTO ledger_tx (id, kind, reference) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING")
                .setParameter(1, id).setParameter(2, kind.name()).setParameter(3, reference)
                .executeUpdate())
                .map(inserted -> inserted == 1 ? id : null);
    }

    /** Writes {@code legs} (which must sum to zero) into the opened transaction {@code txId}, then applies them. */
    public Uni<Void> post(UUID txId, List<Leg> legs) {
        long sum = 0;
        for (Leg leg : legs) {
            sum = Math.addExact(sum, leg.amount());
        }
        if (sum != 0) {
            return Uni.createFrom().failure(new IllegalStateException("ledger transaction " + txId
                    + " does not balance: its legs sum to " + sum));
        }
        List<Leg> nonZero = legs.stream().filter(l -> l.amount() != 0).toList();
        return JsonRows.write(nonZero, BATCH,
                        (l, row) -> row.put("k", l.ownerKind()).put("o", l.ownerId()).put("t", l.type())
                                .put("a", l.amount()),
                        json -> upsertBalancesFromJson(json).chain(() -> insertPostingsFromJson(txId, json)))
                .chain(() -> assertBalanced(txId));
    }

    /**
     * Posts into {@code txId} the negation of every posting of {@code sourceTx}; with
     * {@code pendingToAvailable} a payee's pending account is replaced by its available one
     * (a reversal after the hold period takes the money back from where it now is).
     */
    public Uni<Void> postNegationOf(UUID txId, UUID sourceTx, boolean pendingToAvailable) {
        String target = pendingToAvailable
                ? "CASE WHEN a.type = 'pending' THEN a.owner_kind || ':' || a.owner_id || ':available' ELSE a.id END"
                : "a.id";
        return ensureAvailableAccountsOf(sourceTx, pendingToAvailable)
                .chain(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                                "INSERT INTO posting (tx_id, account_id, amount) SELECT ?1, " + target + ", -p.amount "
                                        + "FROM posting p JOIN account a ON a.id = p.account_id WHERE p.tx_id = ?2 ORDER BY p.id")
                        .setParameter(1, txId).setParameter(2, sourceTx).executeUpdate()))
                .chain(() -> apply(txId));
    }

    /** Posts into {@code txId} the move of every pending credit of {@code splitTx} to the payee's available account. */
    public Uni<Void> postRelease(UUID txId, UUID splitTx) {
        return ensureAvailableAccountsOf(splitTx, true)
                .chain(() -> Panache.getSession().chain(s -> s.createNativeQuery("""
                                INSERT INTO posting (tx_id, account_id, amount)
                                SELECT ?1, x.account_id, x.amount FROM (
                                    SELECT p.id, 0 AS leg, a.id AS account_id, -p.amount AS amount
                                      FROM posting p JOIN account a ON a.id = p.account_id
                                     WHERE p.tx_id = ?2 AND a.type = 'pending'
                                    UNION ALL
                                    SELECT p.id, 1, a.owner_kind || ':' || a.owner_id || ':available', p.amount
                                      FROM posting p JOIN account a ON a.id = p.account_id
                                     WHERE p.tx_id = ?2 AND a.type = 'pending') x
                                ORDER BY x.id, x.leg""")
                        .setParameter(1, txId).setParameter(2, splitTx).executeUpdate()))
                .chain(() -> apply(txId));
    }

    private Uni<Void> ensureAvailableAccountsOf(UUID sourceTx, boolean needed) {
        if (!needed) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        INSERT INTO account (id, owner_kind, owner_id, type, currency)
                        SELECT a.owner_kind || ':' || a.owner_id || ':available', a.owner_kind, a.owner_id, 'available', a.currency
                          FROM posting p JOIN account a ON a.id = p.account_id
                         WHERE p.tx_id = ?1 AND a.type = 'pending'
                        ORDER BY 1
                        ON CONFLICT DO NOTHING""")
                .setParameter(1, sourceTx).executeUpdate()).replaceWithVoid();
    }

    /**
     * Creates the accounts a batch touches and moves their balances by the batch's legs, in one
     * statement (a new account is inserted with its balance; an existing one is updated), in id
     * order so that two writers lock shared accounts in the same order.
     */
    private Uni<Integer> upsertBalancesFromJson(String json) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        INSERT INTO account (id, owner_kind, owner_id, type, currency, balance)
                        SELECT x.k || ':' || x.o || ':' || x.t, x.k, x.o, x.t, ?2, sum(x.a)::bigint
                          FROM %s AS x(k text, o text, t text, a bigint)
                         GROUP BY x.k, x.o, x.t
                        ORDER BY 1
                        ON CONFLICT (id) DO UPDATE SET balance = account.balance + EXCLUDED.balance""".formatted(JsonRows.records("?1")))
                .setParameter(1, json).setParameter(2, currency).executeUpdate());
    }

    private Uni<Integer> insertPostingsFromJson(UUID txId, String json) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        INSERT INTO posting (tx_id, account_id, amount)
                        SELECT ?1, x.k || ':' || x.o || ':' || x.t, x.a
                          FROM %s AS x(k text, o text, t text, a bigint)""".formatted(JsonRows.records("?2")))
                .setParameter(1, txId).setParameter(2, json).executeUpdate());
    }

    /**
     * Moves the balances of the accounts touched by postings written in SQL (release, void,
     * reversal). These run under the purchase-ledger lock, so the only concurrent writers are
     * payouts, which touch one owner's accounts and never wait for a purchase-level transaction
     * while holding one of its rows: no deadlock. Then checks the transaction sums to zero.
     */
    private Uni<Void> apply(UUID txId) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                                UPDATE account a SET balance = a.balance + d.delta
                                  FROM (SELECT account_id, sum(amount)::bigint AS delta FROM posting
                                         WHERE tx_id = ?1 GROUP BY account_id) d
                                 WHERE a.id = d.account_id""")
                        .setParameter(1, txId).executeUpdate())
                .chain(() -> assertBalanced(txId));
    }

    /** Re-checks in the database that what was written sums to zero; otherwise the whole transaction fails. */
    private Uni<Void> assertBalanced(UUID txId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                                "SELECT coalesce(sum(amount), 0)::bigint FROM posting WHERE tx_id = ?1", Long.class)
                        .setParameter(1, txId).getSingleResult())
                .invoke(sum -> {
                    if (sum != 0L) {
                        throw new IllegalStateException("ledger transaction " + txId + " sums to " + sum);
                    }
                })
                .replaceWithVoid();
    }
}

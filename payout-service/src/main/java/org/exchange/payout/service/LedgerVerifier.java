package org.exchange.payout.service;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.exchange.payout.client.PricingApi;
import org.exchange.payout.client.PricingClient;

/**
 * The auditor's check of the whole ledger, recomputed from the postings (never trusting the
 * stored balances): every transaction sums to zero, every account's balance equals the sum of
 * its postings, every split debits exactly its purchase's amount, and all balances together sum to
 * zero (no money appeared or vanished). Then every booked purchase is reconciled with the
 * purchase pricing-service holds (it exists; amount, currency, subjects and records agree; a
 * refund booked here is a refund there). Names each discrepancy found (up to a limit). Set-based
 * reads of the whole ledger: plain SQL on the reactive pool (docs/data-access.md).
 */
@ApplicationScoped
public class LedgerVerifier {

    static final int MAX_DISCREPANCIES = 100;
    /** Purchases per question to pricing-service. */
    static final int LOOKUP_BATCH = 1000;

    public record Discrepancy(String kind, String reference, long expected, long actual, String detail) {
    }

    public record Report(boolean balanced, Map<String, Long> totals, long transactions, long postings,
                         long purchasesReconciled, List<Discrepancy> discrepancies) {
    }

    /** A purchase as this ledger booked it. */
    private record Booked(String id, long amount, String currency, long subjects, long records, boolean refunded) {
    }

    private final PricingClient pricing;
    private final Pool pool;

    public LedgerVerifier(PricingClient pricing, Pool pool) {
        this.pricing = pricing;
        this.pool = pool;
    }

    public Uni<Report> verify() {
        long[] reconciled = new long[1];
        return books().chain(report -> bookedPurchases()
                .chain(booked -> reconcile(booked, report.discrepancies(), reconciled))
                .map(ignored -> {
                    List<Discrepancy> found = report.discrepancies().size() > MAX_DISCREPANCIES
                            ? report.discrepancies().subList(0, MAX_DISCREPANCIES) : report.discrepancies();
                    return new Report(found.isEmpty(), report.totals(), report.transactions(), report.postings(),
                            reconciled[0], found);
                }));
    }

    private Uni<List<Booked>> bookedPurchases() {
        return rows("""
                SELECT id, amount, currency, subjects, records, status IN ('VOIDED', 'REVERSED') FROM purchase
                 WHERE split_tx IS NOT NULL ORDER BY id""")
                .map(rows -> rows.stream().map(r -> new Booked((String) r[0], num(r[1]), (String) r[2], num(r[3]),
                        num(r[4]), (Boolean) r[5])).toList());
    }

    /** Asks pricing for the booked purchases, {@value #LOOKUP_BATCH} at a time, and adds what disagrees. */
    private Uni<Void> reconcile(List<Booked> booked, List<Discrepancy> found, long[] reconciled) {
        List<List<Booked>> batches = new ArrayList<>();
        for (int i = 0; i < booked.size(); i += LOOKUP_BATCH) {
            batches.add(booked.subList(i, Math.min(booked.size(), i + LOOKUP_BATCH)));
        }
        return Multi.createFrom().iterable(batches)
                .onItem().transformToUniAndConcatenate(batch -> pricing.lookup(batch.stream().map(Booked::id).toList())
                        .invoke(held -> {
                            for (Booked b : batch) {
                                compare(b, held.get(b.id()), found);
                                reconciled[0]++;
                            }
                        }))
                .collect().last().replaceWithVoid()
                .onFailure().recoverWithItem(e -> {
                    found.add(new Discrepancy("reconciliation-unavailable", "pricing-service", booked.size(),
                            reconciled[0], "pricing-service could not be asked, so booked purchases are not reconciled: "
                            + e.getMessage()));
                    return null;
                });
    }

    private static void compare(Booked b, PricingApi.PurchaseRecord p, List<Discrepancy> found) {
        if (p == null) {
            found.add(new Discrepancy("purchase-unknown-to-pricing", b.id(), 0, b.amount(),
                    "the ledger booked a purchase pricing-service never made"));
            return;
        }
        if (p.amount() != b.amount() || !p.currency().equals(b.currency())) {
            found.add(new Discrepancy("purchase-amount-mismatch", b.id(), p.amount(), b.amount(),
                    "booked " + b.amount() + " " + b.currency() + ", pricing-service sold it for " + p.amount() + " "
                            + p.currency()));
        }
        if (p.subjects() != b.subjects() || p.records() != b.records()) {
            found.add(new Discrepancy("purchase-cohort-mismatch", b.id(), p.records(), b.records(),
                    "booked " + b.subjects() + " subjects / " + b.records() + " records, pricing-service pinned "
                            + p.subjects() + " / " + p.records()));
        }
        if (b.refunded() && !"REFUNDED".equals(p.status())) {
            found.add(new Discrepancy("refund-unknown-to-pricing", b.id(), 0, b.amount(),
                    "the ledger refunded a purchase pricing-service did not refund"));
        }
    }

    private Uni<Report> books() {
        List<Discrepancy> found = new ArrayList<>();
        Map<String, Long> totals = new LinkedHashMap<>();
        long[] counts = new long[2];
        return rows("""
                SELECT tx_id::text, sum(amount)::bigint FROM posting GROUP BY tx_id HAVING sum(amount) <> 0
                 ORDER BY tx_id LIMIT %d""".formatted(MAX_DISCREPANCIES))
                .invoke(rows -> rows.forEach(r -> found.add(new Discrepancy("unbalanced-transaction", (String) r[0], 0,
                        num(r[1]), "the postings of this transaction do not sum to zero"))))
                .chain(() -> rows("""
                        SELECT a.id, a.balance, coalesce(p.total, 0)::bigint FROM account a
                          LEFT JOIN (SELECT account_id, sum(amount) AS total FROM posting GROUP BY account_id) p
                            ON p.account_id = a.id
                         WHERE a.balance <> coalesce(p.total, 0) ORDER BY a.id LIMIT %d""".formatted(MAX_DISCREPANCIES)))
                .invoke(rows -> rows.forEach(r -> found.add(new Discrepancy("balance-mismatch", (String) r[0], num(r[2]),
                        num(r[1]), "the stored balance differs from the sum of the account's postings"))))
                .chain(() -> rows("""
                        SELECT pu.id, pu.amount, coalesce(-sum(p.amount), 0)::bigint FROM purchase pu
                          JOIN posting p ON p.tx_id = pu.split_tx
                          JOIN account a ON a.id = p.account_id AND a.type = 'funding'
                         GROUP BY pu.id, pu.amount HAVING pu.amount <> coalesce(-sum(p.amount), 0)
                         ORDER BY pu.id LIMIT %d""".formatted(MAX_DISCREPANCIES)))
                .invoke(rows -> rows.forEach(r -> found.add(new Discrepancy("split-amount-mismatch", (String) r[0],
                        num(r[1]), num(r[2]), "the split did not debit the consumer exactly the purchase amount"))))
                .chain(() -> rows("""
                        SELECT a.owner_kind || ':' || a.type, sum(coalesce(p.amount, 0))::bigint
                          FROM account a LEFT JOIN posting p ON p.account_id = a.id
                         GROUP BY 1 ORDER BY 1"""))
                .invoke(rows -> rows.forEach(r -> totals.put((String) r[0], num(r[1]))))
                .chain(() -> rows("SELECT (SELECT count(*) FROM ledger_tx), (SELECT count(*) FROM posting)"))
                .invoke(rows -> {
                    counts[0] = num(rows.get(0)[0]);
                    counts[1] = num(rows.get(0)[1]);
                    long all = totals.values().stream().mapToLong(Long::longValue).sum();
                    if (all != 0) {
                        found.add(new Discrepancy("money-not-conserved", "ledger", 0, all,
                                "all postings together do not sum to zero"));
                    }
                })
                .map(ignored -> new Report(found.isEmpty(), totals, counts[0], counts[1], 0, found));
    }

    private Uni<List<Object[]>> rows(String sql) {
        return pool.preparedQuery(sql).execute().map(rows -> {
            List<Object[]> found = new ArrayList<>(rows.size());
            for (Row r : rows) {
                Object[] values = new Object[r.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = r.getValue(i);
                }
                found.add(values);
            }
            return found;
        });
    }

    private static long num(Object o) {
        return ((Number) o).longValue();
    }
}

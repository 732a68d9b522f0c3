package org.exchange.payout.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The auditor's check of the whole ledger, recomputed from the postings (never trusting the
 * stored balances): every transaction sums to zero, every account's balance equals the sum of
 * its postings, every split debits exactly its purchase's amount, and all balances together sum to
 * zero (no money appeared or vanished). Names each discrepancy found (up to a limit).
 */
@ApplicationScoped
public class LedgerVerifier {

    static final int MAX_DISCREPANCIES = 100;

    public record Discrepancy(String kind, String reference, long expected, long actual, String detail) {
    }

    public record Report(boolean balanced, Map<String, Long> totals, long transactions, long postings,
                         List<Discrepancy> discrepancies) {
    }

    @WithSession
    public Uni<Report> verify() {
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
                .map(ignored -> new Report(found.isEmpty(), totals, counts[0], counts[1], found));
    }

    private static Uni<List<Object[]>> rows(String sql) {
        return Panache.getSession().chain(s -> s.createNativeQuery(sql, Object[].class).getResultList());
    }

    private static long num(Object o) {
        return ((Number) o).longValue();
    }
}

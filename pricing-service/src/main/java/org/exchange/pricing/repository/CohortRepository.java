package org.exchange.pricing.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.exchange.contract.events.data.CohortMember;
import org.exchange.kit.db.JsonRows;

/**
 * Quote and purchase cohorts, which can hold 100,000 subjects: written with the kit's
 * {@link JsonRows} (one statement per {@link #WRITE_BATCH} members) inside the caller's
 * transaction, read in keyset pages through the reactive pool. Never one statement per member.
 */
@ApplicationScoped
public class CohortRepository {

    /** Members per INSERT statement. */
    static final int WRITE_BATCH = 10_000;

    public record QuoteMember(String subjectId, long records) {
    }

    /** Short JSON keys (s, r, c, v) keep a 10,000-member parameter small. */
    private static final String INSERT_QUOTE_MEMBERS = """
            INSERT INTO quote_member (quote_id, subject_id, records)
            SELECT cast(?1 as uuid), m.s, m.r FROM %s AS m(s text, r bigint)""".formatted(JsonRows.records("?2"));
    private static final String INSERT_PURCHASE_MEMBERS = """
            INSERT INTO purchase_member (purchase_id, subject_id, records, consent_id, consent_version)
            SELECT cast(?1 as uuid), m.s, m.r, m.c, m.v
            FROM %s AS m(s text, r bigint, c text, v bigint)""".formatted(JsonRows.records("?2"));

    private final Pool pool;

    public CohortRepository(Pool pool) {
        this.pool = pool;
    }

    /** Inserts a quote's cohort; call inside the transaction that inserts the quote. */
    public Uni<Void> insertQuoteMembers(UUID quoteId, List<QuoteMember> members) {
        return JsonRows.write(members, WRITE_BATCH, (m, json) -> json.put("s", m.subjectId()).put("r", m.records()),
                batch -> insert(INSERT_QUOTE_MEMBERS, quoteId, batch)).replaceWithVoid();
    }

    /** Inserts a purchase's pinned cohort; call inside the transaction that inserts the purchase. */
    public Uni<Void> insertPurchaseMembers(UUID purchaseId, List<CohortMember> members) {
        return JsonRows.write(members, WRITE_BATCH, (m, json) -> json.put("s", m.subjectId()).put("r", m.records())
                        .put("c", m.consentId()).put("v", m.consentVersion()),
                batch -> insert(INSERT_PURCHASE_MEMBERS, purchaseId, batch)).replaceWithVoid();
    }

    private static Uni<Integer> insert(String sql, UUID owner, String batch) {
        return Panache.getSession().chain(s -> s.createNativeQuery(sql)
                .setParameter(1, owner.toString())
                .setParameter(2, batch)
                .executeUpdate());
    }

    /** One page of a quote's cohort, by subject id after {@code after} (null for the first page). */
    public Uni<List<QuoteMember>> quoteMembers(UUID quoteId, String after, int limit) {
        return pool.preparedQuery("""
                        SELECT subject_id, records FROM quote_member
                        WHERE quote_id = $1 AND ($2::text IS NULL OR subject_id > $2) ORDER BY subject_id LIMIT $3""")
                .execute(Tuple.of(quoteId, after, limit))
                .map(rows -> {
                    List<QuoteMember> page = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        page.add(new QuoteMember(row.getString("subject_id"), row.getLong("records")));
                    }
                    return page;
                });
    }

    /** One page of a purchase's pinned cohort, by subject id after {@code after}. */
    public Uni<List<CohortMember>> purchaseMembers(UUID purchaseId, String after, int limit) {
        return pool.preparedQuery("""
                        SELECT subject_id, records, consent_id, consent_version FROM purchase_member
                        WHERE purchase_id = $1 AND ($2::text IS NULL OR subject_id > $2) ORDER BY subject_id LIMIT $3""")
                .execute(Tuple.of(purchaseId, after, limit))
                .map(rows -> {
                    List<CohortMember> page = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        page.add(new CohortMember(row.getString("subject_id"), row.getLong("records"),
                                row.getString("consent_id"), row.getLong("consent_version")));
                    }
                    return page;
                });
    }
}

package org.exchange.pricing.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.exchange.contract.events.data.CohortMember;

/**
 * Quote and purchase cohorts, which can hold 100,000 subjects: written in multi-row statements
 * (one JSON array parameter unnested by Postgres per {@link #WRITE_BATCH} members) inside the
 * caller's transaction, read in keyset pages. Never one statement per member.
 */
@ApplicationScoped
public class CohortRepository {

    /** Members per INSERT statement. */
    static final int WRITE_BATCH = 10_000;

    public record QuoteMember(String subjectId, long records) {
    }

    private final Pool pool;
    private final ObjectMapper mapper;

    public CohortRepository(Pool pool, ObjectMapper mapper) {
        this.pool = pool;
        this.mapper = mapper;
    }

    /** Inserts a quote's cohort; call inside the transaction that inserts the quote. */
    public Uni<Void> insertQuoteMembers(UUID quoteId, List<QuoteMember> members) {
        return inBatches(members, batch -> Panache.getSession().chain(s -> s.createNativeQuery("""
                        INSERT INTO quote_member (quote_id, subject_id, records)
                        SELECT cast(?1 as uuid), m.s, m.r FROM jsonb_to_recordset(cast(cast(?2 as text) as jsonb)) AS m(s text, r bigint)""")
                .setParameter(1, quoteId.toString())
                .setParameter(2, json(batch.stream().map(m -> new Short(m.subjectId(), m.records(), null, 0)).toList()))
                .executeUpdate()));
    }

    /** Inserts a purchase's pinned cohort; call inside the transaction that inserts the purchase. */
    public Uni<Void> insertPurchaseMembers(UUID purchaseId, List<CohortMember> members) {
        return inBatches(members, batch -> Panache.getSession().chain(s -> s.createNativeQuery("""
                        INSERT INTO purchase_member (purchase_id, subject_id, records, consent_id, consent_version)
                        SELECT cast(?1 as uuid), m.s, m.r, m.c, m.v
                        FROM jsonb_to_recordset(cast(cast(?2 as text) as jsonb)) AS m(s text, r bigint, c text, v bigint)""")
                .setParameter(1, purchaseId.toString())
                .setParameter(2, json(batch.stream()
                        .map(m -> new Short(m.subjectId(), m.records(), m.consentId(), m.consentVersion())).toList()))
                .executeUpdate()));
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

    private static <T> Uni<Void> inBatches(List<T> members, java.util.function.Function<List<T>, Uni<Integer>> insert) {
        List<List<T>> batches = new ArrayList<>();
        for (int from = 0; from < members.size(); from += WRITE_BATCH) {
            batches.add(members.subList(from, Math.min(members.size(), from + WRITE_BATCH)));
        }
        return Multi.createFrom().iterable(batches)
                .onItem().transformToUniAndConcatenate(batch -> insert.apply(batch))
                .collect().last()
                .replaceWithVoid();
    }

    /** Short JSON keys keep a 10,000-member parameter small. */
    private record Short(String s, long r, String c, long v) {
    }

    private String json(List<Short> batch) {
        try {
            return mapper.writeValueAsString(batch);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cohort is not serialisable", e);
        }
    }
}

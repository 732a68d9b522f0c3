package org.exchange.payout.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.exchange.contract.events.data.CohortMember;
import org.exchange.contract.events.data.PurchaseCohort;
import org.exchange.kit.db.JsonRows;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * A purchase's pinned cohort as it arrives, chunk by chunk ({@code purchase.cohort}), in the
 * caller's transaction: each chunk is staged once (by purchase and chunk), its members
 * set-based with their place in the pinned order; kept after the split as the record of which
 * consent authorised each subject's payment.
 */
@ApplicationScoped
public class CohortStaging {

    /** A subject's share of the cohort: its records summed over every entry, and how many entries it had. */
    public record Entry(String subjectId, long records, long listed) {
    }

    /** Stages the chunk; emits false when it was staged already. */
    public Uni<Boolean> stage(PurchaseCohort c) {
        List<CohortMember> members = c.members();
        return session(s -> s.createNativeQuery("INSERT INTO cohort_chunk (purchase_id, chunk, chunks, members) "
                        + "VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING")
                .setParameter(1, c.purchaseId()).setParameter(2, c.chunk()).setParameter(3, c.chunks())
                .setParameter(4, members.size()).executeUpdate())
                .chain(inserted -> inserted == 0 ? Uni.createFrom().item(false)
                        // each member's place in the pinned order: the cohort root is recomputed over exactly that order
                        : JsonRows.write(IntStream.range(0, members.size()).boxed().toList(), (i, row) -> {
                            CohortMember m = members.get(i);
                            row.put("s", m.subjectId()).put("r", m.records()).put("c", m.consentId())
                                    .put("v", m.consentVersion()).put("p", i);
                        }, json -> session(s -> s.createNativeQuery("""
                                        INSERT INTO cohort_member (purchase_id, chunk, subject_id, records, consent_id, consent_version, position)
                                        SELECT ?1, ?2, x.s, x.r, x.c, x.v, x.p
                                          FROM %s AS x(s text, r bigint, c text, v bigint, p int)""".formatted(JsonRows.records("?3")))
                                .setParameter(1, c.purchaseId()).setParameter(2, c.chunk())
                                .setParameter(3, json).executeUpdate()))
                        .replaceWith(true));
    }

    /** Whether all {@code chunks} chunks of the purchase are staged. */
    public Uni<Boolean> complete(String purchaseId, int chunks) {
        return session(s -> s.createNativeQuery("SELECT count(*) FROM cohort_chunk WHERE purchase_id = ?1", Long.class)
                .setParameter(1, purchaseId).getSingleResult())
                .map(staged -> staged >= chunks);
    }

    /** The staged cohort in pinned order (chunk 0 first), as it was sent. */
    public Uni<List<CohortMember>> members(String purchaseId) {
        return session(s -> s.createNativeQuery("""
                        SELECT subject_id, records, consent_id, consent_version FROM cohort_member WHERE purchase_id = ?1
                         ORDER BY chunk, position""", Object[].class)
                .setParameter(1, purchaseId).getResultList())
                .map(rows -> {
                    List<CohortMember> members = new ArrayList<>(rows.size());
                    for (Object[] r : rows) {
                        members.add(new CohortMember((String) r[0], ((Number) r[1]).longValue(), (String) r[2],
                                r[3] == null ? 0 : ((Number) r[3]).longValue()));
                    }
                    return members;
                });
    }

    /** The staged cohort per subject, by subject id: a subject listed twice is merged into one entry. */
    public Uni<List<Entry>> entries(String purchaseId) {
        return session(s -> s.createNativeQuery("""
                        SELECT subject_id, sum(records)::bigint, count(*) FROM cohort_member WHERE purchase_id = ?1
                         GROUP BY subject_id ORDER BY subject_id""", Object[].class)
                .setParameter(1, purchaseId).getResultList())
                .map(rows -> rows.stream().map(r -> new Entry((String) r[0], ((Number) r[1]).longValue(),
                        ((Number) r[2]).longValue())).toList());
    }

    private static <T> Uni<T> session(Function<Mutiny.Session, Uni<T>> f) {
        return Panache.getSession().chain(f::apply);
    }
}

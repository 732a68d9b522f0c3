package org.exchange.pricing.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.exchange.contract.events.EventEnvelope;
import org.exchange.kit.events.consumer.Outcome;
import org.exchange.contract.events.data.SubjectErased;

/**
 * Art. 17 on {@code subject.erased}: the subject leaves every quote's cohort (an offer is not a
 * record anyone must keep; a later purchase would not confirm them anyway). Pinned purchase
 * cohorts and withdrawal records are kept under the subject's pseudonymous id: they are the basis
 * of a payment and of a licence, retained like the payout ledger (docs/subject-rights.md).
 */
@ApplicationScoped
public class SubjectErasureService {

    /** A handler of the kit's consumer for {@code subject.erased}: removes the subject from every quote. */
    public Uni<Outcome> onSubjectErased(EventEnvelope event, SubjectErased data) {
        return Panache.getSession().chain(s -> s.createNativeQuery("DELETE FROM quote_member WHERE subject_id = ?1")
                        .setParameter(1, data.subjectId())
                        .executeUpdate())
                .replaceWith(Outcome.applied());
    }
}

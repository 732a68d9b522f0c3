package org.exchange.catalog.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.UUID;
import org.exchange.catalog.repository.MemberRepository;
import org.exchange.kit.db.Locks;
import org.exchange.contract.events.EventEnvelope;
import org.exchange.kit.events.consumer.Outcome;
import org.exchange.contract.events.data.ConsentChanged;
import org.exchange.contract.events.data.SubjectErased;

/**
 * Applies consent events to the projection, order-independently (highest version wins); the kit's
 * consumer deduplicates and runs each in a transaction.
 */
@ApplicationScoped
public class ConsentProjectionService {

    private final Clock clock;

    public ConsentProjectionService(Clock clock) {
        this.clock = clock;
    }

    /**
     * Keeps the highest version per consent: a stale or repeated event loses the comparison. A
     * consent of an erased subject is never projected again, whatever order events arrive in.
     */
    public Uni<Outcome> consentChanged(EventEnvelope event, ConsentChanged c) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                                "SELECT count(*) FROM erased_subject WHERE subject_id = ?1", Long.class)
                        .setParameter(1, c.subjectId())
                        .getSingleResult())
                .chain(erased -> erased > 0 ? Uni.createFrom().voidItem() : project(c))
                .replaceWith(Outcome.applied());
    }

    private Uni<Void> project(ConsentChanged c) {
        return Panache.getSession().chain(s -> s.createNativeQuery("""
                        INSERT INTO consent_projection (consent_id, subject_id, scope_type, scope_id, purpose, status,
                                                        version, expires_at, min_price_per_record, updated_at)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                        ON CONFLICT (consent_id) DO UPDATE SET
                            status = EXCLUDED.status, version = EXCLUDED.version, expires_at = EXCLUDED.expires_at,
                            min_price_per_record = EXCLUDED.min_price_per_record, updated_at = EXCLUDED.updated_at
                        WHERE consent_projection.version < EXCLUDED.version""")
                .setParameter(1, UUID.fromString(c.consentId()))
                .setParameter(2, c.subjectId())
                .setParameter(3, c.scopeType())
                .setParameter(4, c.scopeId())
                .setParameter(5, c.purpose())
                .setParameter(6, c.status())
                .setParameter(7, c.version())
                .setParameter(8, c.expiresAt())
                .setParameter(9, c.minPricePerRecord())
                .setParameter(10, c.at() == null ? clock.instant() : c.at())
                .executeUpdate()).replaceWithVoid();
    }

    /**
     * GDPR Art. 17: the subject leaves the projection and every dataset's membership, and is
     * remembered (by pseudonymous id only) so that neither can bring them back. The exclusive
     * erasure lock waits for membership batches in flight and holds new ones off until commit.
     */
    public Uni<Outcome> subjectErased(EventEnvelope event, SubjectErased e) {
        return Locks.exclusive(MemberRepository.ERASURE_LOCK)
                .chain(() -> Panache.getSession())
                .chain(s -> s.createNativeQuery("""
                                INSERT INTO erased_subject (subject_id, erased_at) VALUES (?1, ?2)
                                ON CONFLICT (subject_id) DO NOTHING""")
                        .setParameter(1, e.subjectId())
                        .setParameter(2, e.at() == null ? clock.instant() : e.at())
                        .executeUpdate()
                        .chain(() -> s.createNativeQuery("DELETE FROM consent_projection WHERE subject_id = ?1")
                                .setParameter(1, e.subjectId()).executeUpdate())
                        .chain(() -> s.createNativeQuery("DELETE FROM dataset_member WHERE subject_id = ?1")
                                .setParameter(1, e.subjectId()).executeUpdate()))
                .replaceWith(Outcome.applied());
    }
}

package org.exchange.consent.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.exchange.consent.Consent;
import org.exchange.consent.ConsentHistoryEntry;
import org.exchange.consent.events.ConsentEvents;
import org.exchange.consent.repository.ConsentHistoryRepository;
import org.exchange.consent.repository.ConsentRepository;

/**
 * The subject's rights over what this service holds: export (GDPR Art. 20) and erasure (Art. 17).
 * Erasure removes the subject's consents and their history chain, keeps a one-line erasure log
 * as proof, and emits {@code subject.erased} so every other service acts too.
 */
@ApplicationScoped
public class SubjectRightsService {

    public record Export(String subjectId, Instant exportedAt, List<Consent> consents, List<ConsentHistoryEntry> history) {
    }

    public record Erasure(String subjectId, Instant erasedAt, int consentsErased, int historyErased) {
    }

    private final ConsentRepository consents;
    private final ConsentHistoryRepository history;
    private final ConsentEvents events;
    private final Clock clock;

    public SubjectRightsService(ConsentRepository consents, ConsentHistoryRepository history, ConsentEvents events,
                                Clock clock) {
        this.consents = consents;
        this.history = history;
        this.events = events;
        this.clock = clock;
    }

    @WithSession
    public Uni<Export> export(String subjectId) {
        return consents.list("subjectId", Sort.by("createdAt").and("id"), subjectId)
                .chain(all -> history.chainOf(subjectId)
                        .map(chain -> new Export(subjectId, clock.instant(), all, chain)));
    }

    @WithTransaction
    public Uni<Erasure> erase(String subjectId) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return ConsentService.lockSubject(subjectId)
                // the history's delete trigger lets rows go only in a transaction marked as an erasure
                .call(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                        "SELECT set_config('exchange.erasure', 'on', true)").getSingleResult()))
                .chain(() -> history.delete("subjectId", subjectId))
                .chain(historyErased -> consents.delete("subjectId", subjectId)
                        .map(consentsErased -> new Erasure(subjectId, now, consentsErased.intValue(),
                                historyErased.intValue())))
                .call(erasure -> Panache.getSession().chain(s -> s.createNativeQuery(
                                "INSERT INTO erasure_log (subject_id, erased_at, consents_erased, history_erased) "
                                        + "VALUES (?1, ?2, ?3, ?4)")
                        .setParameter(1, subjectId).setParameter(2, now)
                        .setParameter(3, erasure.consentsErased()).setParameter(4, erasure.historyErased())
                        .executeUpdate()))
                // events already published carry the id too: drop the sent ones, keep the pending
                .call(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                                "DELETE FROM outbox WHERE event_key = ?1 AND published_at IS NOT NULL")
                        .setParameter(1, subjectId).executeUpdate()))
                .call(() -> events.subjectErased(subjectId, now));
    }
}

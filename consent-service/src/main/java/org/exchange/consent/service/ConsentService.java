package org.exchange.consent.service;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.exchange.consent.Consent;
import org.exchange.consent.ConsentHistoryEntry;
import org.exchange.consent.events.ConsentEvents;
import org.exchange.consent.repository.ConsentHistoryRepository;
import org.exchange.consent.repository.ConsentRepository;
import org.exchange.contract.events.EventTypes;
import org.exchange.contract.events.EventEnvelope;
import org.exchange.kit.events.consumer.Outcome;
import org.exchange.contract.events.data.DatasetChanged;
import org.exchange.kit.db.Locks;
import org.exchange.kit.service.ExchangeException;
import org.exchange.kit.service.PageView;

/**
 * Grants, renews, withdraws and expires consent. Every change, in one transaction: the new
 * state, a new link in the subject's hash chain and the event in the outbox. Changes of one
 * subject are serialised by a transaction-scoped advisory lock, so the chain never forks.
 */
@ApplicationScoped
public class ConsentService {

    /**
     * What a subject grants: the scope (a provider or one dataset), the purpose, the data
     * categories, an optional expiry and an optional minimum price per record.
     */
    public record Grant(Consent.ScopeType scopeType, String scopeId, String purpose, List<String> dataCategories,
                        Instant expiresAt, Long minPricePerRecord) {
    }

    private final ConsentRepository consents;
    private final ConsentHistoryRepository history;
    private final ConsentEvents events;
    private final MeterRegistry meters;
    private final Clock clock;

    public ConsentService(ConsentRepository consents, ConsentHistoryRepository history, ConsentEvents events,
                          MeterRegistry meters, Clock clock) {
        this.consents = consents;
        this.history = history;
        this.events = events;
        this.meters = meters;
        this.clock = clock;
    }

    /** Grants consent, or supersedes the subject's existing consent for the same scope and purpose. */
    @WithTransaction
    public Uni<Consent> grant(String subjectId, Grant request) {
        Instant now = now();
        return lockSubject(subjectId)
                .chain(() -> consents.findByScope(subjectId, request.scopeType(), request.scopeId(), request.purpose()))
                .chain(existing -> {
                    Consent c = existing != null ? existing
                            : newConsent(subjectId, request.scopeType(), request.scopeId(), request.purpose(), now);
                    ConsentHistoryEntry.Action action = existing == null
                            ? ConsentHistoryEntry.Action.GRANTED : ConsentHistoryEntry.Action.RENEWED;
                    c.dataCategories = String.join(",", request.dataCategories().stream().distinct().sorted().toList());
                    c.expiresAt = request.expiresAt() == null ? null : request.expiresAt().truncatedTo(ChronoUnit.MICROS);
                    c.minPricePerRecord = request.minPricePerRecord();
                    c.status = Consent.Status.GIVEN;
                    c.version = existing == null ? 1 : existing.version + 1;
                    c.updatedAt = now;
                    return consents.persist(c)
                            .chain(saved -> record(saved, action, now, EventTypes.CONSENT_GRANTED));
                });
    }

    /**
     * Withdraws the subject's consent. Idempotent: withdrawing a consent that is no longer given
     * returns it unchanged, with no second event. Effective for everything accepted after the
     * transaction commits, i.e. before the caller sees the response.
     */
    @WithTransaction
    public Uni<Consent> revoke(String subjectId, UUID id) {
        Instant now = now();
        return lockSubject(subjectId)
                .chain(() -> consents.findOwned(id, subjectId))
                .onItem().ifNull().failWith(() -> ExchangeException.notFound("consent " + id))
                .chain(c -> c.status != Consent.Status.GIVEN ? Uni.createFrom().item(c)
                        : transition(c, Consent.Status.WITHDRAWN, ConsentHistoryEntry.Action.WITHDRAWN, now,
                                EventTypes.CONSENT_REVOKED));
    }

    /** Moves consents past their expiry to EXPIRED, at most {@code limit} per call; returns how many. */
    @WithTransaction
    public Uni<Integer> expireDue(int limit) {
        Instant now = now();
        return consents.expiredButGiven(now, limit)
                .chain(due -> Multi.createFrom().iterable(due)
                        .onItem().transformToUniAndConcatenate(c -> lockSubject(c.subjectId)
                                .chain(() -> transition(c, Consent.Status.EXPIRED, ConsentHistoryEntry.Action.EXPIRED,
                                        now, EventTypes.CONSENT_EXPIRED)))
                        .collect().asList()
                        .map(List::size));
    }

    /**
     * A withdrawn dataset can no longer be licensed: every consent given for exactly that dataset
     * becomes INVALIDATED (DPV), with its history entry and event. Provider-wide consents stay.
     * A handler of the kit's consumer: it runs once per event, in the transaction of its dedup row.
     */
    public Uni<Outcome> datasetWithdrawn(EventEnvelope event, DatasetChanged dataset) {
        Instant now = now();
        return consents.list("scopeType = ?1 and scopeId = ?2 and status = ?3", Consent.ScopeType.DATASET,
                        dataset.datasetId(), Consent.Status.GIVEN)
                .chain(given -> Multi.createFrom().iterable(given)
                        .onItem().transformToUniAndConcatenate(c -> lockSubject(c.subjectId)
                                .chain(() -> transition(c, Consent.Status.INVALIDATED,
                                        ConsentHistoryEntry.Action.INVALIDATED, now, EventTypes.CONSENT_INVALIDATED)))
                        .collect().asList())
                .replaceWith(Outcome.applied());
    }

    @WithSession
    public Uni<Consent> get(String subjectId, UUID id) {
        return consents.findOwned(id, subjectId)
                .onItem().ifNull().failWith(() -> ExchangeException.notFound("consent " + id));
    }

    @WithSession
    public Uni<PageView<Consent>> list(String subjectId, Consent.Status status, String purpose, int page, int size) {
        return consents.page(subjectId, status, purpose, page, size)
                .chain(items -> consents.countFiltered(subjectId, status, purpose)
                        .map(total -> new PageView<>(items, page, size, total)));
    }

    @WithSession
    public Uni<List<ConsentHistoryEntry>> history(String subjectId, UUID id) {
        return consents.findOwned(id, subjectId)
                .onItem().ifNull().failWith(() -> ExchangeException.notFound("consent " + id))
                .chain(c -> history.ofConsent(c.id));
    }

    private Uni<Consent> transition(Consent c, Consent.Status status, ConsentHistoryEntry.Action action, Instant now,
                                    String eventType) {
        c.status = status;
        c.version = c.version + 1;
        c.updatedAt = now;
        return record(c, action, now, eventType);
    }

    /** Appends the consent's new state to the subject's chain and its event to the outbox. */
    private Uni<Consent> record(Consent c, ConsentHistoryEntry.Action action, Instant now, String eventType) {
        return history.lastOfSubject(c.subjectId).chain(last -> {
            ConsentHistoryEntry e = new ConsentHistoryEntry();
            e.subjectId = c.subjectId;
            e.consentId = c.id;
            e.version = c.version;
            e.action = action.name();
            e.status = c.status.name();
            e.scopeType = c.scopeType.name();
            e.scopeId = c.scopeId;
            e.purpose = c.purpose;
            e.dataCategories = c.dataCategories;
            e.expiresAt = c.expiresAt;
            e.minPricePerRecord = c.minPricePerRecord;
            e.recordedAt = now;
            e.prevHash = last == null ? HashChain.GENESIS : last.hash;
            e.hash = HashChain.hashOf(e);
            return history.persist(e);
        }).chain(() -> events.changed(eventType, c, now))
                .invoke(() -> meters.counter("exchange.consent.changes", "action", action.name(), "purpose", c.purpose)
                        .increment())
                .replaceWith(c);
    }

    private static Consent newConsent(String subjectId, Consent.ScopeType scopeType, String scopeId, String purpose,
                                      Instant now) {
        Consent c = new Consent();
        c.id = UUID.randomUUID();
        c.subjectId = subjectId;
        c.scopeType = scopeType;
        c.scopeId = scopeId;
        c.purpose = purpose;
        c.createdAt = now;
        return c;
    }

    /** Serialises changes of one subject until the transaction ends. */
    static Uni<Void> lockSubject(String subjectId) {
        return Locks.exclusive(subjectId);
    }

    /** Now, to PostgreSQL's precision, so what is written is what is read back. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}

package org.exchange.pricing.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.exchange.kit.db.DbFailures;
import org.exchange.kit.idempotency.IdempotentRequests;
import org.exchange.contract.events.data.CohortMember;
import org.exchange.contract.events.data.Cohorts;
import org.exchange.kit.service.ExchangeException;
import org.exchange.kit.service.PageView;
import org.exchange.pricing.PriceBook;
import org.exchange.pricing.Purchase;
import org.exchange.pricing.Quote;
import org.exchange.pricing.config.PricingConfig;
import org.exchange.pricing.events.PricingEvents;
import org.exchange.pricing.repository.CohortRepository;
import org.exchange.pricing.repository.PriceBookRepository;
import org.exchange.pricing.repository.PurchaseRepository;
import org.exchange.pricing.repository.QuoteRepository;

/**
 * Purchases: a quote turned into a licence for exactly the cohort that still consents.
 * Idempotent per (consumer, Idempotency-Key) through the kit's IdempotentRequests
 * (docs/idempotency.md); one purchase per quote at most (unique constraint), whatever the keys.
 */
@ApplicationScoped
public class PurchaseService {

    private final QuoteRepository quotes;
    private final PurchaseRepository purchases;
    private final PriceBookRepository books;
    private final PriceBookService priceBooks;
    private final DatasetService datasets;
    private final CohortService cohortService;
    private final CohortRepository cohorts;
    private final IdempotentRequests idempotency;
    private final Clock clock;
    private final PricingEvents events;
    private final PricingConfig config;
    private final MeterRegistry meters;

    public PurchaseService(QuoteRepository quotes, PurchaseRepository purchases, PriceBookRepository books,
                           PriceBookService priceBooks, DatasetService datasets, CohortService cohortService,
                           CohortRepository cohorts, IdempotentRequests idempotency, PricingEvents events,
                           PricingConfig config, MeterRegistry meters, Clock clock) {
        this.quotes = quotes;
        this.purchases = purchases;
        this.books = books;
        this.priceBooks = priceBooks;
        this.datasets = datasets;
        this.cohortService = cohortService;
        this.cohorts = cohorts;
        this.idempotency = idempotency;
        this.events = events;
        this.config = config;
        this.meters = meters;
        this.clock = clock;
    }

    /**
     * Buys quote {@code quoteId} once per (consumer, Idempotency-Key): the kit's
     * {@link IdempotentRequests} replays the first response, refuses another request under the
     * same key (422) and a retry while the first is in flight (409). {@code firstResponse} renders
     * the new purchase as the API answers it; that response is stored with the purchase and replayed.
     */
    public Uni<IdempotentRequests.Response> purchase(String consumerId, String key, UUID quoteId,
                                                     Function<Purchase, IdempotentRequests.Response> firstResponse) {
        String hash = idempotency.hash("POST /api/purchases", Map.of("quoteId", quoteId.toString()));
        return idempotency.run(consumerId, key, hash, () -> fresh(consumerId, key, quoteId, firstResponse));
    }

    /** The quote and its price book; {@code book} is null when the quote was already bought. */
    private record Prepared(Quote quote, PriceBook book) {
    }

    private Uni<IdempotentRequests.Response> fresh(String consumerId, String key, UUID quoteId,
                                                   Function<Purchase, IdempotentRequests.Response> firstResponse) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return Panache.withSession(() -> quotes.findById(quoteId).chain(q -> {
                    if (q == null || !q.consumerId.equals(consumerId)) {
                        return Uni.createFrom().failure(ExchangeException.notFound("quote " + quoteId));
                    }
                    if (q.expiredAt(now)) {
                        return Uni.createFrom().failure(ExchangeException.gone(
                                "quote " + quoteId + " expired at " + q.expiresAt + "; request a new quote"));
                    }
                    return purchases.count("quoteId", q.id).chain(n -> n > 0
                            ? Uni.createFrom().item(new Prepared(q, null))
                            : books.version(q.datasetId, q.priceBookVersion).map(b -> new Prepared(q, b)));
                }))
                // bought already, under another key: one purchase per quote
                .chain(prepared -> prepared.book() == null ? Uni.createFrom().failure(alreadyPurchased(quoteId))
                        : datasets.fresh(prepared.quote().datasetId).chain(dataset -> dataset.withdrawn()
                        ? Uni.createFrom().failure(ExchangeException.gone(
                                "dataset " + dataset.datasetId + " was withdrawn after the quote; it is no longer on offer"))
                        : confirmAndCommit(consumerId, key, prepared, now, firstResponse)));
    }

    private Uni<IdempotentRequests.Response> confirmAndCommit(
            String consumerId, String key, Prepared prepared, Instant now,
            Function<Purchase, IdempotentRequests.Response> firstResponse) {
        Quote q = prepared.quote();
        PricingRule.Terms terms = priceBooks.terms(prepared.book());
        return cohortService.forPurchase(q, terms).map(PurchaseService::pinnedOrder).chain(pinned -> {
            if (pinned.isEmpty()) {
                return Uni.createFrom().failure(ExchangeException.conflict(
                        "no subject of quote " + q.id + " consents any more; request a new quote"));
            }
            long records = pinned.stream().mapToLong(CohortMember::records).reduce(0, Math::addExact);
            Purchase p = new Purchase();
            p.id = UUID.randomUUID();
            p.quoteId = q.id;
            p.consumerId = consumerId;
            p.providerId = q.providerId;
            p.datasetId = q.datasetId;
            p.datasetRevision = q.datasetRevision;
            p.purpose = q.purpose;
            p.priceBookVersion = q.priceBookVersion;
            // recomputed for the confirmed cohort by the quote's price book: downward only, never upward
            p.amount = Math.min(q.amount, PricingRule.amount(terms, q.purpose, records));
            p.currency = q.currency;
            p.subjects = pinned.size();
            p.records = records;
            p.status = Purchase.Status.COMPLETED;
            p.createdAt = now;
            p.validUntil = now.plus(config.licenceValidity());
            p.cohortRoot = Cohorts.root(pinned);
            IdempotentRequests.Response response = firstResponse.apply(p);
            return Panache.withTransaction(() -> purchases.persist(p)
                            .call(() -> Panache.getSession().chain(s -> s.flush()))
                            .call(() -> cohorts.insertPurchaseMembers(p.id, pinned))
                            .call(() -> events.purchaseCompleted(p, pinned))
                            .call(() -> idempotency.complete(consumerId, key, response)))
                    .invoke(() -> {
                        meters.counter("exchange.purchases", "purpose", q.purpose).increment();
                        meters.summary("exchange.purchase.subjects", "purpose", q.purpose).record(pinned.size());
                    })
                    .replaceWith(response)
                    // the quote was bought meanwhile under another key: one purchase per quote
                    .onFailure(e -> DbFailures.uniqueViolation(e) != null)
                    .transform(e -> alreadyPurchased(q.id));
        });
    }

    /** The pinned order the cohort root commits to: ascending subject id (ids are ASCII, so byte order). */
    static List<CohortMember> pinnedOrder(List<CohortMember> cohort) {
        List<CohortMember> sorted = new ArrayList<>(cohort);
        sorted.sort(Comparator.comparing(CohortMember::subjectId));
        return sorted;
    }

    private static ExchangeException alreadyPurchased(UUID quoteId) {
        return ExchangeException.conflict("quote " + quoteId + " was already purchased; request a new quote");
    }

    /** A consumer's own purchases, newest first. */
    public Uni<PageView<Purchase>> list(String consumerId, int page, int size) {
        return Panache.withSession(() -> purchases.find("consumerId", Sort.descending("createdAt").and("id"), consumerId)
                .page(Page.of(page, size)).list()
                .chain(items -> purchases.count("consumerId", consumerId)
                        .map(total -> new PageView<>(items, page, size, total))));
    }

    /** A consumer's own purchase; another consumer's is not found. */
    public Uni<Purchase> own(String consumerId, UUID id) {
        return Panache.withSession(() -> purchases.findById(id))
                .map(p -> p != null && p.consumerId.equals(consumerId) ? p : null)
                .onItem().ifNull().failWith(() -> ExchangeException.notFound("purchase " + id));
    }

    /** The purchases among {@code ids} (service use: reconciliation). */
    public Uni<List<Purchase>> all(List<UUID> ids) {
        return ids.isEmpty() ? Uni.createFrom().item(List.of())
                : Panache.withSession(() -> purchases.list("id in ?1", ids));
    }

    public Uni<Purchase> any(UUID id) {
        return Panache.withSession(() -> purchases.findById(id))
                .onItem().ifNull().failWith(() -> ExchangeException.notFound("purchase " + id));
    }

    /** One keyset page of the pinned cohort. */
    public Uni<List<CohortMember>> cohort(UUID purchaseId, String after, int limit) {
        return cohorts.purchaseMembers(purchaseId, after, limit);
    }

    /**
     * Refunds the whole purchase (admin). Idempotent: refunding a refunded purchase returns it
     * unchanged, with no second event. The licence ends with the refund.
     */
    public Uni<Purchase> refund(UUID id, String reason) {
        return Panache.withTransaction(() -> purchases.findById(id, LockModeType.PESSIMISTIC_WRITE)
                .onItem().ifNull().failWith(() -> ExchangeException.notFound("purchase " + id))
                .chain(p -> {
                    if (p.status == Purchase.Status.REFUNDED) {
                        return Uni.createFrom().item(p);
                    }
                    p.status = Purchase.Status.REFUNDED;
                    p.refundedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
                    p.refundReason = reason == null || reason.isBlank() ? "refunded by an administrator" : reason;
                    return events.purchaseRefunded(p).replaceWith(p)
                            .invoke(() -> meters.counter("exchange.refunds").increment());
                }));
    }
}

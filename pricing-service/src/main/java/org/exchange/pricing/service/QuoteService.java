package org.exchange.pricing.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.exchange.kit.service.ExchangeException;
import org.exchange.pricing.DatasetView;
import org.exchange.pricing.PriceBook;
import org.exchange.pricing.Quote;
import org.exchange.pricing.config.PricingConfig;
import org.exchange.pricing.events.PricingEvents;
import org.exchange.pricing.repository.CohortRepository;
import org.exchange.pricing.repository.CohortRepository.QuoteMember;
import org.exchange.pricing.repository.PriceBookRepository;
import org.exchange.pricing.repository.QuoteRepository;

/**
 * Issues quotes: the dataset's currently consenting cohort whose reserve the price meets,
 * priced by the current price book version. A quote is immutable once written.
 */
@ApplicationScoped
public class QuoteService {

    private final DatasetService datasets;
    private final PriceBookRepository books;
    private final PriceBookService priceBooks;
    private final CohortService cohortService;
    private final CohortRepository cohorts;
    private final QuoteRepository quotes;
    private final PricingEvents events;
    private final PricingConfig config;
    private final MeterRegistry meters;
    private final Clock clock;

    public QuoteService(DatasetService datasets, PriceBookRepository books, PriceBookService priceBooks,
                        CohortService cohortService, CohortRepository cohorts, QuoteRepository quotes,
                        PricingEvents events, PricingConfig config, MeterRegistry meters, Clock clock) {
        this.datasets = datasets;
        this.books = books;
        this.priceBooks = priceBooks;
        this.cohortService = cohortService;
        this.cohorts = cohorts;
        this.quotes = quotes;
        this.events = events;
        this.config = config;
        this.meters = meters;
        this.clock = clock;
    }

    /** A quote of dataset {@code datasetId}'s consenting cohort for {@code purpose}. */
    public Uni<Quote> issue(String consumerId, String datasetId, String purpose) {
        return datasets.fresh(datasetId)
                .chain(dataset -> {
                    if (dataset.withdrawn()) {
                        return Uni.createFrom().failure(ExchangeException.gone(
                                "dataset " + dataset.datasetId + " is withdrawn and no longer on offer"));
                    }
                    if (!dataset.allows(purpose)) {
                        return Uni.createFrom().failure(ExchangeException.unprocessable(
                                "dataset " + dataset.datasetId + " does not allow purpose " + purpose + "; allowed: "
                                        + String.join(", ", dataset.purposes())));
                    }
                    return Panache.withSession(() -> books.current(dataset.datasetId))
                            .onItem().ifNull().failWith(() -> ExchangeException.conflict(
                                    "dataset " + dataset.datasetId + " has no price yet"))
                            .chain(book -> price(consumerId, dataset, purpose, book));
                })
                // record counts from catalog too large to add up exactly: refuse rather than wrap
                .onFailure(ArithmeticException.class).transform(e -> ExchangeException.unprocessable(
                        "the dataset's record counts are out of range; nothing to quote"));
    }

    private Uni<Quote> price(String consumerId, DatasetView dataset, String purpose, PriceBook book) {
        PricingRule.Terms terms = priceBooks.terms(book);
        return cohortService.forQuote(dataset, purpose, terms).chain(cohort -> {
            if (cohort.isEmpty()) {
                return Uni.createFrom().failure(ExchangeException.unprocessable(
                        "no subject of dataset " + dataset.datasetId + " currently consents to " + purpose
                                + " at this price; nothing to quote"));
            }
            long records = 0;
            for (QuoteMember m : cohort) {
                records = Math.addExact(records, m.records());
            }
            long amount = PricingRule.amount(terms, purpose, records);
            if (amount <= 0) {
                return Uni.createFrom().failure(ExchangeException.unprocessable(
                        "this cohort is worth less than one minor unit at the current price"));
            }
            Quote q = new Quote();
            q.id = UUID.randomUUID();
            q.consumerId = consumerId;
            q.datasetId = dataset.datasetId;
            q.providerId = dataset.providerId;
            q.datasetRevision = dataset.revision;
            q.purpose = purpose;
            q.priceBookVersion = book.version;
            q.amount = amount;
            q.currency = book.currency;
            q.subjects = cohort.size();
            q.records = records;
            q.createdAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
            q.expiresAt = q.createdAt.plus(config.quoteValidity());
            return Panache.withTransaction(() -> quotes.persist(q)
                            .call(() -> Panache.getSession().chain(s -> s.flush()))
                            .call(() -> cohorts.insertQuoteMembers(q.id, cohort))
                            .call(() -> events.quoteIssued(q)))
                    .invoke(() -> meters.counter("exchange.quotes", "purpose", purpose).increment());
        });
    }

    /** A consumer's own quote; another consumer's is not found. */
    public Uni<Quote> get(String consumerId, UUID id) {
        return Panache.withSession(() -> quotes.findById(id))
                .map(q -> q != null && q.consumerId.equals(consumerId) ? q : null)
                .onItem().ifNull().failWith(() -> ExchangeException.notFound("quote " + id));
    }
}

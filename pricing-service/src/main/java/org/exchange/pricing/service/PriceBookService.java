package org.exchange.pricing.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.exchange.kit.db.DbFailures;
import org.exchange.kit.service.ExchangeException;
import org.exchange.pricing.DatasetView;
import org.exchange.pricing.PriceBook;
import org.exchange.pricing.config.PricingConfig;
import org.exchange.pricing.repository.PriceBookRepository;

/** Price books: a provider prices its own datasets; every change is a new version. */
@ApplicationScoped
public class PriceBookService {

    private static final TypeReference<TreeMap<String, Integer>> MULTIPLIERS = new TypeReference<>() {
    };
    private static final TypeReference<List<PricingRule.VolumeTier>> TIERS = new TypeReference<>() {
    };

    private final PriceBookRepository books;
    private final DatasetService datasets;
    private final PricingConfig config;
    private final ObjectMapper mapper;
    private final Clock clock;

    public PriceBookService(PriceBookRepository books, DatasetService datasets, PricingConfig config,
                            ObjectMapper mapper, Clock clock) {
        this.books = books;
        this.datasets = datasets;
        this.config = config;
        this.mapper = mapper;
        this.clock = clock;
    }

    /**
     * Adds a new version of the dataset's price book, in {@code currency} at {@code terms}; only
     * the owning provider may.
     */
    public Uni<PriceBook> put(String providerId, String datasetId, String currency, PricingRule.Terms terms) {
        if (!config.currency().equals(currency)) {
            return Uni.createFrom().failure(ExchangeException.invalid(
                    "currency must be the settlement currency " + config.currency()));
        }
        return datasets.known(datasetId)
                .chain(dataset -> {
                    // another provider's dataset is indistinguishable from a missing one
                    if (dataset == null || !dataset.providerId.equals(providerId)) {
                        return Uni.createFrom().failure(ExchangeException.notFound("dataset " + datasetId));
                    }
                    if (dataset.withdrawn()) {
                        return Uni.createFrom().failure(ExchangeException.conflict(
                                "dataset " + datasetId + " is withdrawn and cannot be priced"));
                    }
                    List<String> notAllowed = terms.purposeMultipliers().keySet().stream()
                            .filter(p -> !dataset.allows(p)).sorted().toList();
                    if (!notAllowed.isEmpty()) {
                        return Uni.createFrom().failure(ExchangeException.invalid(
                                "the dataset does not allow purpose(s) " + String.join(", ", notAllowed)
                                        + "; allowed: " + String.join(", ", dataset.purposes())));
                    }
                    return Panache.<PriceBook>withTransaction(() -> books.current(datasetId)
                            .chain(current -> books.persist(newVersion(dataset, current, currency, terms))))
                            .onFailure(PriceBookService::isDuplicate).transform(e -> ExchangeException.conflict(
                                    "the price book was changed concurrently; retry"));
                });
    }

    /** The current version, visible to every authenticated caller. */
    public Uni<PriceBook> current(String datasetId) {
        return Panache.withSession(() -> books.current(datasetId))
                .onItem().ifNull().failWith(() -> ExchangeException.notFound("price book of dataset " + datasetId));
    }

    /** The terms a stored version prices by (its multipliers and tiers are stored as JSON). */
    public PricingRule.Terms terms(PriceBook book) {
        return new PricingRule.Terms(book.pricePerRecord, book.minimumPrice, multipliers(book), tiers(book));
    }

    private PriceBook newVersion(DatasetView dataset, PriceBook current, String currency, PricingRule.Terms terms) {
        PriceBook b = new PriceBook();
        b.datasetId = dataset.datasetId;
        b.version = current == null ? 1 : current.version + 1;
        b.providerId = dataset.providerId;
        b.currency = currency;
        b.pricePerRecord = terms.pricePerRecord();
        b.minimumPrice = terms.minimumPrice();
        b.purposeMultipliers = json(new TreeMap<>(terms.purposeMultipliers()));
        b.volumeTiers = json(terms.volumeTiers());
        b.createdAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return b;
    }

    private Map<String, Integer> multipliers(PriceBook b) {
        return read(b.purposeMultipliers, MULTIPLIERS);
    }

    private List<PricingRule.VolumeTier> tiers(PriceBook b) {
        return read(b.volumeTiers, TIERS);
    }

    private <T> T read(String json, TypeReference<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored price book is not valid JSON", e);
        }
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("price book is not serialisable", e);
        }
    }

    static boolean isDuplicate(Throwable e) {
        return DbFailures.uniqueViolation(e) != null;
    }
}

package org.exchange.pricing.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
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
import org.exchange.pricing.rest.PriceBookRequest;
import org.exchange.pricing.rest.PriceBookView;

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

    public PriceBookService(PriceBookRepository books, DatasetService datasets, PricingConfig config,
                            ObjectMapper mapper) {
        this.books = books;
        this.datasets = datasets;
        this.config = config;
        this.mapper = mapper;
    }

    /** Adds a new version of the dataset's price book; only the owning provider may. */
    public Uni<PriceBookView> put(String providerId, String datasetId, PriceBookRequest request) {
        if (!config.currency().equals(request.currency())) {
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
                    Map<String, Integer> multipliers = request.purposeMultipliers() == null
                            ? Map.of() : request.purposeMultipliers();
                    List<String> notAllowed = multipliers.keySet().stream().filter(p -> !dataset.allows(p)).sorted()
                            .toList();
                    if (!notAllowed.isEmpty()) {
                        return Uni.createFrom().failure(ExchangeException.invalid(
                                "the dataset does not allow purpose(s) " + String.join(", ", notAllowed)
                                        + "; allowed: " + String.join(", ", dataset.purposes())));
                    }
                    return Panache.<PriceBook>withTransaction(() -> books.current(datasetId)
                            .chain(current -> books.persist(newVersion(dataset, current, request, multipliers))))
                            .onFailure(PriceBookService::isDuplicate).transform(e -> ExchangeException.conflict(
                                    "the price book was changed concurrently; retry"))
                            .map(this::view);
                });
    }

    /** The current version, visible to every authenticated caller. */
    public Uni<PriceBookView> current(String datasetId) {
        return Panache.withSession(() -> books.current(datasetId))
                .onItem().ifNull().failWith(() -> ExchangeException.notFound("price book of dataset " + datasetId))
                .map(this::view);
    }

    public PricingRule.Terms terms(PriceBook book) {
        return new PricingRule.Terms(book.pricePerRecord, book.minimumPrice, multipliers(book), tiers(book));
    }

    private PriceBook newVersion(DatasetView dataset, PriceBook current, PriceBookRequest r, Map<String, Integer> m) {
        PriceBook b = new PriceBook();
        b.datasetId = dataset.datasetId;
        b.version = current == null ? 1 : current.version + 1;
        b.providerId = dataset.providerId;
        b.currency = r.currency();
        b.pricePerRecord = r.pricePerRecord();
        b.minimumPrice = r.minimumPrice();
        b.purposeMultipliers = json(new TreeMap<>(m));
        b.volumeTiers = json(r.volumeTiers() == null ? List.of() : r.volumeTiers().stream()
                .map(t -> new PricingRule.VolumeTier(t.fromRecords(), t.multiplierBps())).toList());
        b.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return b;
    }

    private PriceBookView view(PriceBook b) {
        return new PriceBookView(b.datasetId, b.version, b.currency, b.pricePerRecord, multipliers(b), b.minimumPrice,
                tiers(b).stream().map(t -> new PriceBookRequest.Tier(t.fromRecords(), t.multiplierBps())).toList(),
                b.createdAt);
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

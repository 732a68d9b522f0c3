package org.exchange.catalog.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.exchange.catalog.Dataset;
import org.exchange.catalog.repository.DatasetReadRepository;
import org.exchange.catalog.repository.DatasetReadRepository.Consenting;
import org.exchange.catalog.repository.DatasetReadRepository.SortField;
import org.exchange.catalog.repository.MemberRepository;
import org.exchange.kit.service.ExchangeException;
import org.exchange.kit.service.PageView;

/** Reading the catalog: search, one dataset with its consenting cohort per purpose, facts for pricing. */
@ApplicationScoped
public class CatalogQueryService {

    /**
     * A dataset as the catalog lists it: with its declared members and, per allowed purpose (in the
     * dataset's order, zeros included), the members whose current consent covers that purpose.
     */
    public record Listing(Dataset dataset, MemberRepository.Totals members, List<Consenting> consenting) {
    }

    private final DatasetReadRepository reads;

    public CatalogQueryService(DatasetReadRepository reads) {
        this.reads = reads;
    }

    /**
     * A dataset by id. Published ones are readable by every caller; a withdrawn one only by its
     * provider and by consumers holding a licence for it, everyone else gets 404.
     */
    public Uni<Listing> view(String callerId, UUID id) {
        return reads.byId(id)
                .chain(d -> {
                    if (d == null) {
                        return Uni.createFrom().failure(ExchangeException.notFound("dataset " + id));
                    }
                    if (d.status == Dataset.Status.PUBLISHED || d.providerId.equals(callerId)) {
                        return Uni.createFrom().item(d);
                    }
                    return reads.holdsLicence(id, callerId).map(holds -> {
                        if (!holds) {
                            throw ExchangeException.notFound("dataset " + id);
                        }
                        return d;
                    });
                })
                .chain(d -> listings(List.of(d)))
                .map(listings -> listings.get(0));
    }

    /**
     * Published datasets matching the text (every word, as a prefix, in title or description),
     * the category and the purpose. {@code sort} is {@code relevance}, {@code createdAt},
     * {@code updatedAt} or {@code title}, optionally followed by {@code ,asc} or {@code ,desc}.
     */
    public Uni<PageView<Listing>> search(String q, String category, String purpose, String sort, int page,
                                             int size) {
        String tsQuery = SearchText.toTsQuery(q);
        if (q != null && !q.isBlank() && tsQuery == null) {
            throw ExchangeException.invalid("q must contain at least one letter or digit");
        }
        DatasetReadRepository.Search search = parseSort(sort, tsQuery, category, purpose, page, size);
        return reads.search(search)
                .chain(found -> listings(found.items())
                        .map(items -> new PageView<>(items, page, size, found.total())));
    }

    /** Any dataset by id, withdrawn included (what pricing needs: owner, revision, status, purposes). */
    public Uni<Dataset> facts(UUID id) {
        return reads.byId(id).map(d -> {
            if (d == null) {
                throw ExchangeException.notFound("dataset " + id);
            }
            return d;
        });
    }

    /** The datasets with their member totals and consenting counts, two queries for the whole page. */
    public Uni<List<Listing>> listings(List<Dataset> datasets) {
        if (datasets.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<UUID> ids = datasets.stream().map(d -> d.id).toList();
        return reads.memberTotals(ids).chain(totals -> reads.consenting(ids).map(consenting -> datasets.stream()
                .map(d -> {
                    Map<String, Consenting> byPurpose = consenting.getOrDefault(d.id, Map.of());
                    // every allowed purpose is shown, with zeros when nobody consents to it yet
                    List<Consenting> perPurpose = d.purposeList().stream()
                            .map(p -> byPurpose.getOrDefault(p, new Consenting(p, 0, 0)))
                            .toList();
                    return new Listing(d, totals.getOrDefault(d.id, MemberRepository.Totals.NONE), perPurpose);
                })
                .toList()));
    }

    private static DatasetReadRepository.Search parseSort(String sort, String tsQuery, String category,
                                                          String purpose, int page, int size) {
        SortField field;
        boolean descending;
        if (sort == null || sort.isBlank()) {
            // best match first when searching by text, else the newest first
            field = tsQuery != null ? SortField.RELEVANCE : SortField.CREATED_AT;
            descending = true;
        } else {
            String[] parts = sort.split(",", -1);
            if (parts.length > 2) {
                throw badSort();
            }
            field = switch (parts[0].strip()) {
                case "relevance" -> SortField.RELEVANCE;
                case "createdAt" -> SortField.CREATED_AT;
                case "updatedAt" -> SortField.UPDATED_AT;
                case "title" -> SortField.TITLE;
                default -> throw badSort();
            };
            String direction = parts.length == 2 ? parts[1].strip().toLowerCase(Locale.ROOT)
                    : field == SortField.TITLE ? "asc" : "desc";
            if (!direction.equals("asc") && !direction.equals("desc")) {
                throw badSort();
            }
            descending = direction.equals("desc");
            if (field == SortField.RELEVANCE && tsQuery == null) {
                throw ExchangeException.invalid("sort=relevance needs a text query q");
            }
        }
        return new DatasetReadRepository.Search(tsQuery, category, purpose, field, descending, page, size);
    }

    private static ExchangeException badSort() {
        return ExchangeException.invalid(
                "sort must be relevance, createdAt, updatedAt or title, optionally followed by ,asc or ,desc");
    }
}

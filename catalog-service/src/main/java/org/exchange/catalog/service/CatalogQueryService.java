package org.exchange.catalog.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.exchange.catalog.Dataset;
import org.exchange.catalog.repository.DatasetReadRepository;
import org.exchange.catalog.repository.DatasetReadRepository.SortField;
import org.exchange.catalog.rest.ConsentingView;
import org.exchange.catalog.rest.DatasetFacts;
import org.exchange.catalog.rest.DatasetView;
import org.exchange.catalog.rest.MembersTotal;
import org.exchange.kit.service.ExchangeException;
import org.exchange.kit.service.PageView;

/** Reading the catalog: search, one dataset with its consenting cohort per purpose, facts for pricing. */
@ApplicationScoped
public class CatalogQueryService {

    private static final MembersTotal NO_MEMBERS = new MembersTotal(0, 0);

    private final DatasetReadRepository reads;

    public CatalogQueryService(DatasetReadRepository reads) {
        this.reads = reads;
    }

    /**
     * A dataset by id. Published ones are readable by every caller; a withdrawn one only by its
     * provider and by consumers holding a licence for it, everyone else gets 404.
     */
    public Uni<DatasetView> view(String callerId, UUID id) {
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
                .chain(d -> views(List.of(d)))
                .map(views -> views.get(0));
    }

    /**
     * Published datasets matching the text (every word, as a prefix, in title or description),
     * the category and the purpose. {@code sort} is {@code relevance}, {@code createdAt},
     * {@code updatedAt} or {@code title}, optionally followed by {@code ,asc} or {@code ,desc}.
     */
    public Uni<PageView<DatasetView>> search(String q, String category, String purpose, String sort, int page,
                                             int size) {
        String tsQuery = SearchText.toTsQuery(q);
        if (q != null && !q.isBlank() && tsQuery == null) {
            throw ExchangeException.invalid("q must contain at least one letter or digit");
        }
        DatasetReadRepository.Search search = parseSort(sort, tsQuery, category, purpose, page, size);
        return reads.search(search)
                .chain(found -> views(found.items())
                        .map(items -> new PageView<>(items, page, size, found.total())));
    }

    /** What pricing needs: owner, revision, status (withdrawn included) and allowed purposes. */
    public Uni<DatasetFacts> facts(UUID id) {
        return reads.byId(id).map(d -> {
            if (d == null) {
                throw ExchangeException.notFound("dataset " + id);
            }
            return new DatasetFacts(d.id.toString(), d.providerId, d.revision, d.status.name(), d.purposeList());
        });
    }

    /** Views of the datasets with their member totals and consenting counts, two queries for the whole page. */
    public Uni<List<DatasetView>> views(List<Dataset> datasets) {
        if (datasets.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<UUID> ids = datasets.stream().map(d -> d.id).toList();
        return reads.memberTotals(ids).chain(totals -> reads.consenting(ids).map(consenting -> datasets.stream()
                .map(d -> {
                    Map<String, ConsentingView> byPurpose = consenting.getOrDefault(d.id, Map.of());
                    // every allowed purpose is shown, with zeros when nobody consents to it yet
                    List<ConsentingView> perPurpose = d.purposeList().stream()
                            .map(p -> byPurpose.getOrDefault(p, new ConsentingView(p, 0, 0)))
                            .toList();
                    return DatasetView.of(d, totals.getOrDefault(d.id, NO_MEMBERS), perPurpose);
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

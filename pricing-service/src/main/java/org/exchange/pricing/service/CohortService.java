package org.exchange.pricing.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.exchange.contract.events.data.CohortMember;
import org.exchange.pricing.DatasetView;
import org.exchange.pricing.Quote;
import org.exchange.pricing.client.CatalogApi;
import org.exchange.pricing.client.CatalogClient;
import org.exchange.pricing.client.ConsentApi;
import org.exchange.pricing.client.ConsentClient;
import org.exchange.pricing.config.PricingConfig;
import org.exchange.pricing.repository.CohortRepository;
import org.exchange.pricing.repository.CohortRepository.QuoteMember;

/**
 * Who is in a cohort. At quote time: the dataset's members (catalog, keyset pages) whom
 * consent-service confirms right now and whose reserve the price meets. At purchase time: the
 * quote's cohort (never anyone new) confirmed again, page by page. Every request is bounded:
 * no call, page or statement assumes a small cohort.
 */
@ApplicationScoped
public class CohortService {

    private final CatalogClient catalog;
    private final ConsentClient consent;
    private final CohortRepository cohorts;
    private final int membersPage;
    private final int confirmBatch;

    public CohortService(CatalogClient catalog, ConsentClient consent, CohortRepository cohorts, PricingConfig config) {
        this.catalog = catalog;
        this.consent = consent;
        this.cohorts = cohorts;
        this.membersPage = Math.max(1, Math.min(50_000, config.membersPageSize()));
        this.confirmBatch = Math.max(1, Math.min(ConsentApi.MAX_SUBJECTS, config.confirmBatchSize()));
    }

    /** The cohort a quote is priced for, ordered by subject id. */
    public Uni<List<QuoteMember>> forQuote(DatasetView dataset, String purpose, PricingRule.Terms terms) {
        return members(dataset.datasetId, null, new LinkedHashMap<>())
                .chain(members -> confirm(dataset.datasetId, dataset.providerId, purpose, new ArrayList<>(members.keySet()))
                        .map(confirmed -> {
                            List<QuoteMember> cohort = new ArrayList<>(confirmed.size());
                            for (Map.Entry<String, Long> m : members.entrySet()) {
                                ConsentApi.Confirmed c = confirmed.get(m.getKey());
                                if (c != null && PricingRule.meetsReserve(terms, purpose, c.minPricePerRecord())) {
                                    cohort.add(new QuoteMember(m.getKey(), m.getValue()));
                                }
                            }
                            cohort.sort(java.util.Comparator.comparing(QuoteMember::subjectId));
                            return cohort;
                        }));
    }

    /**
     * The quote's cohort minus everyone who no longer consents (or whose reserve the quote's
     * price no longer meets), each pinned with the consent id and version that covers the use.
     */
    public Uni<List<CohortMember>> forPurchase(Quote quote, PricingRule.Terms terms) {
        return confirmQuotePages(quote, terms, null, new ArrayList<>());
    }

    private Uni<List<CohortMember>> confirmQuotePages(Quote quote, PricingRule.Terms terms, String after,
                                                      List<CohortMember> pinned) {
        return cohorts.quoteMembers(quote.id, after, confirmBatch).chain(page -> {
            if (page.isEmpty()) {
                return Uni.createFrom().item(pinned);
            }
            List<String> ids = page.stream().map(QuoteMember::subjectId).toList();
            return consent.confirm(quote.datasetId, quote.providerId, quote.purpose, ids).chain(confirmed -> {
                Map<String, ConsentApi.Confirmed> bySubject = index(confirmed);
                for (QuoteMember m : page) {
                    ConsentApi.Confirmed c = bySubject.get(m.subjectId());
                    if (c != null && PricingRule.meetsReserve(terms, quote.purpose, c.minPricePerRecord())) {
                        pinned.add(new CohortMember(m.subjectId(), m.records(), c.consentId(), c.version()));
                    }
                }
                return page.size() < confirmBatch ? Uni.createFrom().item(pinned)
                        : confirmQuotePages(quote, terms, page.get(page.size() - 1).subjectId(), pinned);
            });
        });
    }

    /** Every member of the dataset (subject -> records), in catalog's keyset pages. */
    private Uni<Map<String, Long>> members(String datasetId, String after, Map<String, Long> into) {
        return catalog.members(datasetId, after, membersPage).chain(page -> {
            List<CatalogApi.Member> members = page.members() == null ? List.of() : page.members();
            for (CatalogApi.Member m : members) {
                if (m.subjectId() != null && m.records() > 0) { // nothing to sell for a member without records
                    into.merge(m.subjectId(), m.records(), Math::addExact);
                }
            }
            return page.next() == null || members.isEmpty() ? Uni.createFrom().item(into)
                    : members(datasetId, page.next(), into);
        });
    }

    /** Confirms {@code subjectIds} in calls of at most {@link ConsentApi#MAX_SUBJECTS}. */
    private Uni<Map<String, ConsentApi.Confirmed>> confirm(String datasetId, String providerId, String purpose,
                                                         List<String> subjectIds) {
        return confirmFrom(datasetId, providerId, purpose, subjectIds, 0, new HashMap<>());
    }

    private Uni<Map<String, ConsentApi.Confirmed>> confirmFrom(String datasetId, String providerId, String purpose,
                                                             List<String> ids, int from,
                                                             Map<String, ConsentApi.Confirmed> into) {
        if (from >= ids.size()) {
            return Uni.createFrom().item(into);
        }
        List<String> batch = ids.subList(from, Math.min(ids.size(), from + confirmBatch));
        return consent.confirm(datasetId, providerId, purpose, List.copyOf(batch))
                .chain(confirmed -> {
                    into.putAll(index(confirmed));
                    return confirmFrom(datasetId, providerId, purpose, ids, from + confirmBatch, into);
                });
    }

    private static Map<String, ConsentApi.Confirmed> index(List<ConsentApi.Confirmed> confirmed) {
        Map<String, ConsentApi.Confirmed> bySubject = new HashMap<>(confirmed.size() * 2);
        for (ConsentApi.Confirmed c : confirmed) {
            bySubject.put(c.subjectId(), c);
        }
        return bySubject;
    }
}

package org.exchange.pricing.support;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Alternative;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.exchange.kit.service.ExchangeException;
import org.exchange.pricing.client.CatalogApi;
import org.exchange.pricing.client.CatalogClient;

/**
 * catalog-service modelled in memory for tests: datasets and their members, keyset-paged like
 * the real one. A singleton (no client proxy), so tests read its fields directly.
 */
@Alternative
@Priority(1)
@Singleton
public class FakeCatalog implements CatalogClient {

    private final Map<String, CatalogApi.DatasetFacts> datasets = new ConcurrentHashMap<>();
    private final Map<String, NavigableMap<String, Long>> members = new ConcurrentHashMap<>();
    public final AtomicInteger memberCalls = new AtomicInteger();
    public volatile int largestPageAsked;

    public void publish(String datasetId, String providerId, String... purposes) {
        CatalogApi.DatasetFacts old = datasets.get(datasetId);
        datasets.put(datasetId, new CatalogApi.DatasetFacts(datasetId, providerId, old == null ? 1 : old.revision() + 1,
                "PUBLISHED", List.of(purposes)));
        members.putIfAbsent(datasetId, new ConcurrentSkipListMap<>());
    }

    public void withdraw(String datasetId) {
        CatalogApi.DatasetFacts old = datasets.get(datasetId);
        datasets.put(datasetId, new CatalogApi.DatasetFacts(datasetId, old.providerId(), old.revision() + 1, "WITHDRAWN",
                old.allowedPurposes()));
    }

    public void addMember(String datasetId, String subjectId, long records) {
        members.computeIfAbsent(datasetId, k -> new ConcurrentSkipListMap<>()).put(subjectId, records);
    }

    @Override
    public Uni<CatalogApi.DatasetFacts> dataset(String datasetId) {
        CatalogApi.DatasetFacts facts = datasets.get(datasetId);
        return facts == null ? Uni.createFrom().failure(ExchangeException.notFound("dataset " + datasetId))
                : Uni.createFrom().item(facts);
    }

    @Override
    public Uni<CatalogApi.MembersPage> members(String datasetId, String after, int limit) {
        memberCalls.incrementAndGet();
        largestPageAsked = Math.max(largestPageAsked, limit);
        if (limit < 1 || limit > 50_000) {
            return Uni.createFrom().failure(new IllegalArgumentException("catalog refuses limit " + limit));
        }
        NavigableMap<String, Long> all = members.getOrDefault(datasetId, new ConcurrentSkipListMap<>());
        NavigableMap<String, Long> tail = after == null ? all : all.tailMap(after, false);
        List<CatalogApi.Member> page = new ArrayList<>();
        for (Map.Entry<String, Long> e : tail.entrySet()) {
            if (page.size() == limit) {
                break;
            }
            page.add(new CatalogApi.Member(e.getKey(), e.getValue()));
        }
        String next = page.size() == limit && tail.size() > limit ? page.get(page.size() - 1).subjectId() : null;
        return Uni.createFrom().item(new CatalogApi.MembersPage(page, next));
    }
}

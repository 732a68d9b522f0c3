package org.exchange.pricing.support;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Alternative;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.exchange.kit.service.ExchangeException;
import org.exchange.pricing.client.ConsentApi;
import org.exchange.pricing.client.ConsentClient;

/**
 * consent-service modelled in memory: consents per (subject, scope, purpose) with id, version,
 * status and reserve; {@link #confirm} answers like the real confirmation (dataset scope
 * preferred over provider scope, only GIVEN). A revocation is "acknowledged" when
 * {@link #revoke} returns, exactly as the subject's 200 would be. A singleton (no client proxy),
 * so tests read and set its fields directly.
 */
@Alternative
@Priority(1)
@Singleton
public class FakeConsent implements ConsentClient {

    public record State(String consentId, long version, boolean given, Long minPricePerRecord) {
    }

    private final Map<String, State> consents = new ConcurrentHashMap<>();
    public final AtomicInteger calls = new AtomicInteger();
    public volatile int largestBatch;
    public volatile boolean down;

    private static String key(String subject, String scopeType, String scopeId, String purpose) {
        return subject + "|" + scopeType + "|" + scopeId + "|" + purpose;
    }

    public State grantForDataset(String subject, String datasetId, String purpose, Long minPrice) {
        return grant(key(subject, "DATASET", datasetId, purpose), minPrice);
    }

    public State grantForProvider(String subject, String providerId, String purpose, Long minPrice) {
        return grant(key(subject, "PROVIDER", providerId, purpose), minPrice);
    }

    public State revokeForDataset(String subject, String datasetId, String purpose) {
        return revoke(key(subject, "DATASET", datasetId, purpose));
    }

    public State revokeForProvider(String subject, String providerId, String purpose) {
        return revoke(key(subject, "PROVIDER", providerId, purpose));
    }

    private State grant(String key, Long minPrice) {
        return consents.compute(key, (k, old) -> old == null
                ? new State(UUID.randomUUID().toString(), 1, true, minPrice)
                : new State(old.consentId(), old.version() + 1, true, minPrice));
    }

    private State revoke(String key) {
        return consents.computeIfPresent(key, (k, old) -> old.given()
                ? new State(old.consentId(), old.version() + 1, false, old.minPricePerRecord()) : old);
    }

    @Override
    public Uni<List<ConsentApi.Confirmed>> confirm(String datasetId, String providerId, String purpose,
                                                  List<String> subjectIds) {
        calls.incrementAndGet();
        largestBatch = Math.max(largestBatch, subjectIds.size());
        if (down) {
            return Uni.createFrom().failure(new ExchangeException(ExchangeException.Kind.UNAVAILABLE,
                    "consent-service is unavailable; try again"));
        }
        if (subjectIds.isEmpty() || subjectIds.size() > ConsentApi.MAX_SUBJECTS) {
            return Uni.createFrom().failure(new IllegalArgumentException("consent refuses " + subjectIds.size() + " ids"));
        }
        List<ConsentApi.Confirmed> confirmed = new ArrayList<>();
        for (String s : subjectIds) {
            State byDataset = consents.get(key(s, "DATASET", datasetId, purpose));
            State byProvider = consents.get(key(s, "PROVIDER", providerId, purpose));
            State c = byDataset != null && byDataset.given() ? byDataset
                    : byProvider != null && byProvider.given() ? byProvider : null;
            if (c != null) {
                confirmed.add(new ConsentApi.Confirmed(s, c.consentId(), c.version(), c.minPricePerRecord()));
            }
        }
        return Uni.createFrom().item(confirmed);
    }
}

package org.exchange.payout.testing;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.exchange.kit.service.ExchangeException;
import org.exchange.payout.client.PricingApi;
import org.exchange.payout.client.PricingClient;

/**
 * pricing-service modelled in memory for tests: the purchases pricing made (and refunded), as
 * its internal API answers for them. A purchase a test did not register here is one pricing never
 * made. {@link #unavailable()} makes every question fail as the HTTP client does when pricing
 * cannot be reached. A singleton (no client proxy), so tests read and change it directly; a test
 * that changes a record or makes pricing unavailable puts it back before it ends, because the
 * ledger check of every later test reconciles with this.
 */
@Alternative
@Priority(1)
@Singleton
public class FakePricing implements PricingClient {

    private final Map<String, PricingApi.PurchaseRecord> purchases = new ConcurrentHashMap<>();
    private volatile boolean unavailable;
    /** Every question asked, answered or not. */
    public final AtomicInteger calls = new AtomicInteger();

    /** Pricing made {@code p}, exactly as its events describe it. */
    public void made(Fixtures.Purchase p) {
        made(p.record());
    }

    public void made(PricingApi.PurchaseRecord record) {
        purchases.put(record.purchaseId(), record);
    }

    /** Pricing refunded {@code purchaseId} (whole purchases only). */
    public void refund(String purchaseId) {
        change(purchaseId, r -> new PricingApi.PurchaseRecord(r.purchaseId(), r.quoteId(), r.consumerId(),
                r.providerId(), r.datasetId(), r.purpose(), r.amount(), r.currency(), r.subjects(), r.records(),
                "REFUNDED", r.cohortRoot(), r.createdAt(), Instant.now()));
    }

    /** Replaces pricing's record of {@code purchaseId} (to model a disagreement); returns the old one. */
    public PricingApi.PurchaseRecord change(String purchaseId, UnaryOperator<PricingApi.PurchaseRecord> change) {
        PricingApi.PurchaseRecord old = purchases.get(purchaseId);
        if (old == null) {
            throw new IllegalStateException("pricing never made " + purchaseId);
        }
        purchases.put(purchaseId, change.apply(old));
        return old;
    }

    /** Pricing no longer holds {@code purchaseId}; returns what it held. */
    public PricingApi.PurchaseRecord forget(String purchaseId) {
        return purchases.remove(purchaseId);
    }

    public Optional<PricingApi.PurchaseRecord> held(String purchaseId) {
        return Optional.ofNullable(purchases.get(purchaseId));
    }

    /** From now on every question fails as when pricing-service cannot be reached. */
    public void unavailable() {
        unavailable = true;
    }

    public void available() {
        unavailable = false;
    }

    @Override
    public Uni<Optional<PricingApi.PurchaseRecord>> purchase(String purchaseId) {
        calls.incrementAndGet();
        if (unavailable) {
            return Uni.createFrom().failure(down());
        }
        return Uni.createFrom().item(Optional.ofNullable(purchases.get(purchaseId)));
    }

    @Override
    public Uni<Map<String, PricingApi.PurchaseRecord>> lookup(List<String> purchaseIds) {
        calls.incrementAndGet();
        if (unavailable) {
            return Uni.createFrom().failure(down());
        }
        if (purchaseIds.size() > 1000) {
            return Uni.createFrom().failure(new IllegalArgumentException("pricing refuses a lookup of "
                    + purchaseIds.size() + " ids"));
        }
        Map<String, PricingApi.PurchaseRecord> found = new LinkedHashMap<>();
        for (String id : purchaseIds) {
            PricingApi.PurchaseRecord r = purchases.get(id);
            if (r != null) {
                found.put(id, r);
            }
        }
        return Uni.createFrom().item(found);
    }

    private static ExchangeException down() {
        return new ExchangeException(ExchangeException.Kind.UNAVAILABLE, "pricing-service is unavailable; try again");
    }
}

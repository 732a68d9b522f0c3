package org.exchange.payout.client;

import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * pricing-service as payout needs it: the purchases it really made. Fails with
 * {@code ExchangeException} UNAVAILABLE when pricing cannot be asked (a transient failure).
 */
public interface PricingClient {

    /** The purchase, or empty when pricing never made it. */
    Uni<Optional<PricingApi.PurchaseRecord>> purchase(String purchaseId);

    /** Of {@code purchaseIds} (at most 1,000), those pricing made, by id. */
    Uni<Map<String, PricingApi.PurchaseRecord>> lookup(List<String> purchaseIds);
}

package org.exchange.kit.events.data;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/** The data of {@code purchase.refunded}: the whole purchase is refunded to the consumer. */
@RegisterForReflection
public record PurchaseRefunded(String purchaseId, String consumerId, long amount, String currency, String reason,
                               Instant at) {
}

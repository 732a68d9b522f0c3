package org.exchange.contract.events.data;

import java.time.Instant;

/** The data of {@code purchase.refunded}: the whole purchase is refunded to the consumer. */
public record PurchaseRefunded(String purchaseId, String consumerId, long amount, String currency, String reason,
                               Instant at) {
}

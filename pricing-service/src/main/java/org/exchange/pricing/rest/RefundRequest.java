package org.exchange.pricing.rest;

import jakarta.validation.constraints.Size;

/** Optional body of a refund: why (shown to the buyer and in purchase.refunded). */
public record RefundRequest(@Size(max = 200) String reason) {
}

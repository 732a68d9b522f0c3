package org.exchange.payout.service;

import io.smallrye.mutiny.Uni;
import java.util.UUID;

/**
 * Moves money out of the exchange to a payee (a bank transfer, a card payout...). Implementations
 * must be idempotent by {@code payoutId}: a payout sent again after a crash is paid at most once
 * and answers with the first outcome.
 */
public interface PaymentRail {

    record Transfer(UUID payoutId, String ownerId, long amount, String currency) {
    }

    /** Either paid (with the rail's reference) or declined (with a reason the payee may read). */
    record Outcome(boolean paid, String reference, String reason) {

        public static Outcome paid(String reference) {
            return new Outcome(true, reference, null);
        }

        public static Outcome declined(String reason) {
            return new Outcome(false, null, reason);
        }
    }

    Uni<Outcome> transfer(Transfer transfer);
}

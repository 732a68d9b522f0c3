package org.exchange.payout.service;

import io.smallrye.mutiny.Uni;
import org.exchange.kit.db.Locks;

/**
 * The purchase-ledger lock: serialises every purchase-level ledger write (staging a chunk, a
 * split, release, void or reversal touches many accounts) across replicas. Taken first in each
 * such transaction and held until it ends. Payouts touch one owner's accounts and take that
 * owner's lock instead, so they never wait for this one while holding an account row: no deadlock.
 */
final class PurchaseLedgerLock {

    /** The advisory lock's id: "payout" in ASCII. */
    static final long ID = 0x7061796f7574L;

    private PurchaseLedgerLock() {
    }

    static Uni<Void> take() {
        return Locks.exclusive(ID);
    }
}

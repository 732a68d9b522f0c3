package org.exchange.consent.rest;

import java.time.Instant;
import org.exchange.consent.ConsentHistoryEntry;

/** One link of the hash chain, with everything needed to recompute its hash. */
public record HistoryEntryView(long seq, String consentId, long version, String action, String status,
                               String scopeType, String scopeId, String purpose, String dataCategories,
                               Instant expiresAt, Long minPricePerRecord, Instant recordedAt, String prevHash,
                               String hash) {

    static HistoryEntryView of(ConsentHistoryEntry e) {
        return new HistoryEntryView(e.seq, e.consentId.toString(), e.version, e.action, e.status, e.scopeType,
                e.scopeId, e.purpose, e.dataCategories, e.expiresAt, e.minPricePerRecord, e.recordedAt, e.prevHash,
                e.hash);
    }
}

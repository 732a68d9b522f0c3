package org.exchange.consent.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.exchange.consent.ConsentHistoryEntry;

/**
 * The tamper-evidence of consent history. Each subject's entries form a chain: an entry's hash
 * is SHA-256 over the previous entry's hash and every field of the entry in a fixed order, so
 * editing, removing or reordering any entry breaks every link after it.
 */
public final class HashChain {

    /** The "previous hash" of a subject's first entry. */
    public static final String GENESIS = "0".repeat(64);

    private HashChain() {
    }

    public static String hashOf(ConsentHistoryEntry e) {
        String canonical = String.join("|",
                e.prevHash, e.subjectId, e.consentId.toString(), Long.toString(e.version), e.action, e.status,
                e.scopeType, e.scopeId, e.purpose, e.dataCategories,
                Objects.toString(e.expiresAt, ""), Objects.toString(e.minPricePerRecord, ""),
                e.recordedAt.toString());
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e1) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e1);
        }
    }

    /** A link that does not verify, and why. */
    public record Break(String subjectId, long seq, String reason) {
    }

    /** Verifies one subject's chain, given in append order; returns the first break, or null. */
    public static Break verify(List<ConsentHistoryEntry> chain) {
        String expectedPrev = GENESIS;
        for (ConsentHistoryEntry e : chain) {
            if (!e.prevHash.equals(expectedPrev)) {
                return new Break(e.subjectId, e.seq, "previous-hash link does not match the entry before it");
            }
            if (!e.hash.equals(hashOf(e))) {
                return new Break(e.subjectId, e.seq, "entry content does not match its hash");
            }
            expectedPrev = e.hash;
        }
        return null;
    }
}

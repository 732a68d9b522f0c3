package org.exchange.consent.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.exchange.consent.ConsentHistoryEntry;

/** Property tests of the chain: any history verifies; any single edit is found at or before it. */
class HashChainTest {

    static List<ConsentHistoryEntry> chain(long seed, int length) {
        java.util.Random random = new java.util.Random(seed);
        List<ConsentHistoryEntry> chain = new ArrayList<>();
        String prev = HashChain.GENESIS;
        String[] purposes = {"ai-training", "academic-research", "product-analytics"};
        String[] actions = {"GRANTED", "RENEWED", "WITHDRAWN", "EXPIRED"};
        for (int i = 0; i < length; i++) {
            ConsentHistoryEntry e = new ConsentHistoryEntry();
            e.seq = (long) i + 1;
            e.subjectId = "subject-" + seed;
            e.consentId = new UUID(seed, random.nextInt(3));
            e.version = i + 1;
            e.action = actions[random.nextInt(actions.length)];
            e.status = e.action.equals("WITHDRAWN") ? "WITHDRAWN" : "GIVEN";
            e.scopeType = random.nextBoolean() ? "DATASET" : "PROVIDER";
            e.scopeId = "scope-" + random.nextInt(5);
            e.purpose = purposes[random.nextInt(purposes.length)];
            e.dataCategories = "steps";
            e.expiresAt = random.nextBoolean() ? null : Instant.ofEpochSecond(1_900_000_000L + random.nextInt(1000));
            e.minPricePerRecord = random.nextBoolean() ? null : (long) random.nextInt(100);
            e.recordedAt = Instant.ofEpochSecond(1_800_000_000L + i, random.nextInt(1_000_000) * 1000L);
            e.prevHash = prev;
            e.hash = HashChain.hashOf(e);
            prev = e.hash;
            chain.add(e);
        }
        return chain;
    }

    @Property(tries = 300)
    void anUntouchedChainVerifies(@ForAll long seed, @ForAll @IntRange(min = 0, max = 30) int length) {
        assertThat(HashChain.verify(chain(seed, length))).isNull();
    }

    @Property(tries = 500)
    void anyEditedFieldRemovedOrReorderedEntryIsDetected(@ForAll long seed, @ForAll @IntRange(min = 2, max = 30) int length,
                                                         @ForAll @IntRange(min = 0, max = 29) int at,
                                                         @ForAll @IntRange(min = 0, max = 7) int tamper) {
        List<ConsentHistoryEntry> chain = chain(seed, length);
        int i = at % length;
        ConsentHistoryEntry e = chain.get(i);
        switch (tamper) {
            case 0 -> e.purpose = e.purpose + "x";
            case 1 -> e.status = e.status.equals("GIVEN") ? "WITHDRAWN" : "GIVEN";
            case 2 -> e.minPricePerRecord = e.minPricePerRecord == null ? 1L : e.minPricePerRecord + 1;
            case 3 -> e.recordedAt = e.recordedAt.plusNanos(1000);
            case 4 -> e.scopeId = e.scopeId + "y";
            case 5 -> chain.remove(i);
            case 6 -> {
                int j = (i + 1) % length;
                chain.set(i, chain.get(j));
                chain.set(j, e);
            }
            default -> e.hash = Arbitraries.strings().withCharRange('a', 'f').ofLength(64).sample();
        }
        boolean removedLast = tamper == 5 && i == length - 1;
        if (removedLast) {
            // dropping the newest entry leaves a valid shorter chain: only the head hash shows it,
            // which is why receipts carry the hash of the entry they certify
            assertThat(HashChain.verify(chain)).isNull();
        } else {
            assertThat(HashChain.verify(chain)).isNotNull();
        }
    }
}

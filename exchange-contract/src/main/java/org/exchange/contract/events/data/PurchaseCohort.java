package org.exchange.contract.events.data;

import java.util.List;

/**
 * The data of {@code purchase.cohort}: one chunk (0-based {@code chunk} of {@code chunks}) of a
 * purchase's pinned cohort. A cohort of 100,000 subjects does not fit one Kafka record, so it
 * travels in chunks keyed by the purchase id (same partition, in order) before
 * {@code purchase.completed}. A consumer splits the money once it holds every chunk.
 */
public record PurchaseCohort(String purchaseId, int chunk, int chunks, List<CohortMember> members) {

    /** Members per chunk: keeps each record well under Kafka's default 1 MB limit. */
    public static final int CHUNK_SIZE = 5_000;
}

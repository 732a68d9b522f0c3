package org.exchange.consent.service;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.exchange.consent.ConsentHistoryEntry;
import org.exchange.consent.repository.ConsentHistoryRepository;

/** Verifies every subject's hash chain and names each broken link. */
@ApplicationScoped
public class ChainAudit {

    public record Report(boolean verified, int subjects, int entries, List<HashChain.Break> breaks) {
    }

    private final ConsentHistoryRepository history;

    public ChainAudit(ConsentHistoryRepository history) {
        this.history = history;
    }

    @WithSession
    public Uni<Report> verifyAll() {
        return history.listAll(Sort.by("subjectId").and("seq")).map(all -> {
            Map<String, List<ConsentHistoryEntry>> chains = new LinkedHashMap<>();
            for (ConsentHistoryEntry e : all) {
                chains.computeIfAbsent(e.subjectId, s -> new ArrayList<>()).add(e);
            }
            List<HashChain.Break> breaks = new ArrayList<>();
            for (List<ConsentHistoryEntry> chain : chains.values()) {
                HashChain.Break broken = HashChain.verify(chain);
                if (broken != null) {
                    breaks.add(broken);
                }
            }
            return new Report(breaks.isEmpty(), chains.size(), all.size(), breaks);
        });
    }
}

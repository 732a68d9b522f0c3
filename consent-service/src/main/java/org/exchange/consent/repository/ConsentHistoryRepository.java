package org.exchange.consent.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import org.exchange.consent.ConsentHistoryEntry;

@ApplicationScoped
public class ConsentHistoryRepository implements PanacheRepositoryBase<ConsentHistoryEntry, Long> {

    public Uni<ConsentHistoryEntry> lastOfSubject(String subjectId) {
        return find("subjectId", Sort.descending("seq"), subjectId).firstResult();
    }

    public Uni<List<ConsentHistoryEntry>> ofConsent(UUID consentId) {
        return list("consentId", Sort.ascending("seq"), consentId);
    }

    public Uni<List<ConsentHistoryEntry>> chainOf(String subjectId) {
        return list("subjectId", Sort.ascending("seq"), subjectId);
    }
}

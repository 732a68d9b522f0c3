package org.exchange.consent.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.exchange.consent.Consent;

@ApplicationScoped
public class ConsentRepository implements PanacheRepositoryBase<Consent, UUID> {

    /** The subject's consent, or null when it does not exist or belongs to someone else. */
    public Uni<Consent> findOwned(UUID id, String subjectId) {
        return find("id = :id and subjectId = :subject", Parameters.with("id", id).and("subject", subjectId))
                .firstResult();
    }

    public Uni<Consent> findByScope(String subjectId, Consent.ScopeType scopeType, String scopeId, String purpose) {
        return find("subjectId = :subject and scopeType = :type and scopeId = :scope and purpose = :purpose",
                Parameters.with("subject", subjectId).and("type", scopeType).and("scope", scopeId)
                        .and("purpose", purpose))
                .firstResult();
    }

    public Uni<List<Consent>> page(String subjectId, Consent.Status status, String purpose, int page, int size) {
        return find(filter(status, purpose), Sort.by("createdAt").and("id"), filterParams(subjectId, status, purpose))
                .page(Page.of(page, size)).list();
    }

    public Uni<Long> countFiltered(String subjectId, Consent.Status status, String purpose) {
        return count(filter(status, purpose), filterParams(subjectId, status, purpose));
    }

    public Uni<List<Consent>> expiredButGiven(Instant now, int limit) {
        return find("status = :given and expiresAt <= :now", Sort.by("expiresAt"),
                Parameters.with("given", Consent.Status.GIVEN).and("now", now))
                .page(Page.ofSize(limit)).list();
    }

    private static String filter(Consent.Status status, String purpose) {
        return "subjectId = :subject" + (status == null ? "" : " and status = :status")
                + (purpose == null ? "" : " and purpose = :purpose");
    }

    private static Parameters filterParams(String subjectId, Consent.Status status, String purpose) {
        Parameters params = Parameters.with("subject", subjectId);
        if (status != null) {
            params = params.and("status", status);
        }
        if (purpose != null) {
            params = params.and("purpose", purpose);
        }
        return params;
    }
}

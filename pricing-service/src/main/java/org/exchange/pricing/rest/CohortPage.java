package org.exchange.pricing.rest;

import java.util.List;
import org.exchange.contract.events.data.CohortMember;

/** One keyset page of a pinned cohort; pass {@code next} as {@code after} for the next page. */
public record CohortPage(List<CohortMember> members, String next) {

    static CohortPage of(List<CohortMember> members, int limit) {
        String next = members.size() < limit ? null : members.get(members.size() - 1).subjectId();
        return new CohortPage(members, next);
    }
}

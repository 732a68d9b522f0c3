package org.exchange.catalog.rest;

import java.util.List;
import org.exchange.catalog.service.MembershipService;

/** One keyset page of members, by subject id ascending; {@code next} is the {@code after} of the next page. */
public record MembersPage(List<Member> members, String next) {

    public record Member(String subjectId, long records) {
    }

    static MembersPage of(MembershipService.Page page) {
        return new MembersPage(page.members().stream().map(m -> new Member(m.subjectId(), m.records())).toList(),
                page.next());
    }
}

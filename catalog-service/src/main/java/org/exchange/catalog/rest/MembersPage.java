package org.exchange.catalog.rest;

import java.util.List;

/** One keyset page of members, by subject id ascending; {@code next} is the {@code after} of the next page. */
public record MembersPage(List<Member> members, String next) {

    public record Member(String subjectId, long records) {
    }
}

package org.exchange.catalog.rest;

import java.util.List;
import org.exchange.catalog.service.MembershipService;

/**
 * One row of {@code POST /api/datasets/{id}/subjects}. Validated by the membership service rather
 * than by Bean Validation, so that a problem names the row ({@code [17].records}) in a batch of
 * thousands.
 */
public record MemberRow(String subjectId, Long records) {

    /** The batch as the service validates it: a missing body or a null row stays null, for the service to name. */
    static List<MembershipService.Row> toRows(List<MemberRow> rows) {
        return rows == null ? null
                : rows.stream().map(r -> r == null ? null : new MembershipService.Row(r.subjectId(), r.records())).toList();
    }
}

package org.exchange.catalog.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.exchange.catalog.service.MembershipService;

/**
 * What one membership call did, and the dataset's membership after it.
 *
 * @param received      rows in the request
 * @param inserted      new members
 * @param updated       members whose record count changed
 * @param unchanged     rows that matched the current state (a re-sent batch is all unchanged)
 * @param skippedErased rows naming a subject who was erased (GDPR Art. 17); never added back
 * @param removed       members removed (DELETE only)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MembershipResult(String datasetId, int received, Integer inserted, Integer updated, Integer unchanged,
                               Integer skippedErased, Integer removed, MembersTotal members) {

    static MembershipResult of(MembershipService.Declared d) {
        return new MembershipResult(d.datasetId().toString(), d.received(), d.inserted(), d.updated(), d.unchanged(),
                d.skippedErased(), null, new MembersTotal(d.members().subjects(), d.members().records()));
    }

    static MembershipResult of(MembershipService.Removed r) {
        return new MembershipResult(r.datasetId().toString(), r.received(), null, null, null, null, r.removed(),
                new MembersTotal(r.members().subjects(), r.members().records()));
    }
}

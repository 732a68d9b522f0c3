package org.exchange.catalog.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

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
}

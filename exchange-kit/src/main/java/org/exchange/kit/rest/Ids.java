package org.exchange.kit.rest;

import java.util.UUID;

/** The shape of ids other services and Keycloak hand out (UUIDs, slugs), for Bean Validation. */
public final class Ids {
    public static final String PATTERN = "[A-Za-z0-9][A-Za-z0-9._:-]{0,99}";
    public static final String MESSAGE = "must be an id of letters, digits and . _ : - (at most 100)";

    private Ids() {
    }

    /**
     * The UUID a path names. A malformed id cannot name any {@code what}: it is a 404, exactly
     * like an id that does not exist or is not the caller's, so a probe learns nothing.
     */
    public static UUID uuidOrNotFound(String id, String what) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ExchangeException.notFound(what + " " + id);
        }
    }
}

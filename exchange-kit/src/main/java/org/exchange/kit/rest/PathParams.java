package org.exchange.kit.rest;

import java.util.UUID;
import org.exchange.kit.service.ExchangeException;

/** Reading ids out of paths. */
public final class PathParams {

    private PathParams() {
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

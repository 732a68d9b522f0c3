package org.exchange.kit.idempotency;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.exchange.contract.Headers;
import org.exchange.contract.Problem;

/** The HTTP response of an idempotent request, first or replayed: the same for every endpoint. */
public final class IdempotentResponses {

    private IdempotentResponses() {
    }

    public static Response of(IdempotentRequests.Response r) {
        Response.ResponseBuilder b = Response.status(r.status())
                .type(r.status() >= 400 ? MediaType.valueOf(Problem.MEDIA_TYPE) : MediaType.APPLICATION_JSON_TYPE)
                .entity(r.body())
                .header(Headers.IDEMPOTENT_REPLAYED, String.valueOf(r.replayed()));
        if (r.location() != null) {
            b.location(URI.create(r.location()));
        }
        return b.build();
    }
}

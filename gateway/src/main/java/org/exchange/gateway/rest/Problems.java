package org.exchange.gateway.rest;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.exchange.contract.Problem;

/** The gateway's own answers, as the services give theirs: the contract's RFC 9457 {@link Problem}. */
final class Problems {

    private Problems() {
    }

    static void send(RoutingContext ctx, int status, String title, String detail) {
        if (ctx.response().ended()) {
            return;
        }
        JsonObject body = JsonObject.mapFrom(Problem.of(status, title, detail).at(ctx.request().path()));
        ctx.response().setStatusCode(status).putHeader("Content-Type", Problem.MEDIA_TYPE).end(body.encode());
    }
}

package org.exchange.gateway.rest;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for the services: echoes what reached it (method, path, query, headers, body) so a
 * test can see what the gateway forwarded, and counts requests so a test can prove that a
 * refused request never arrived. {@code /slow} never answers in time.
 */
final class FakeDownstream {

    static final int PORT = 18981;
    static final AtomicInteger RECEIVED = new AtomicInteger();
    private static Vertx vertx;

    private FakeDownstream() {
    }

    static synchronized void start() throws Exception {
        if (vertx != null) {
            return;
        }
        vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            RECEIVED.incrementAndGet();
            if (req.path().endsWith("/slow")) {
                return; // never answers: the gateway must time out
            }
            if (req.path().equals("/q/openapi")) {
                req.response().putHeader("Content-Type", "application/json").end(new JsonObject()
                        .put("openapi", "3.1.0")
                        .put("paths", new JsonObject()
                                .put("/api/things", new JsonObject().put("get", new JsonObject().put("summary", "things")))
                                .put("/internal/secrets", new JsonObject().put("get", new JsonObject())))
                        .put("components", new JsonObject().put("schemas", new JsonObject()
                                .put("Thing", new JsonObject().put("type", "object"))))
                        .encode());
                return;
            }
            if (req.path().equals("/api/events/keys")) {
                req.response().putHeader("Content-Type", "application/jwk-set+json").end(new JsonObject()
                        .put("keys", new io.vertx.core.json.JsonArray().add(new JsonObject().put("kty", "OKP")
                                .put("crv", "Ed25519").put("kid", "fake:" + req.localAddress().port()).put("x", "AAAA")))
                        .encode());
                return;
            }
            JsonObject echo = new JsonObject()
                    .put("method", req.method().name())
                    .put("path", req.path())
                    .put("query", req.query())
                    .put("authorization", req.getHeader("Authorization"))
                    .put("requestId", req.getHeader("X-Request-Id"))
                    .put("idempotencyKey", req.getHeader("Idempotency-Key"))
                    .put("cookie", req.getHeader("Cookie"))
                    .put("body", body.toString());
            int status = req.method().name().equals("POST") ? 201 : 200;
            req.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                    .putHeader("Location", "/api/things/1").putHeader("X-Internal-Secret", "leak")
                    .putHeader("Idempotent-Replayed", "true")
                    .end(echo.encode());
        }));
        server.listen(PORT, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}

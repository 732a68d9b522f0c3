package org.exchange.gateway.rest;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.exchange.gateway.config.GatewayConfig;

/**
 * Public documents the gateway merges from every service's own, no token needed. A service that
 * does not answer is listed under {@code x-unavailable} instead of failing the whole.
 * <ul>
 *   <li>{@code GET /openapi}: one OpenAPI document of the public API (the services' {@code /api/**}
 *       paths and schemas only; {@code /internal/**} never appears);</li>
 *   <li>{@code GET /api/events/keys}: one JWKS of the Ed25519 keys every publisher signs its events
 *       with, every key each ever used (partners verify each record's {@code exchange-signature}).</li>
 * </ul>
 */
@ApplicationScoped
public class AggregatedDocuments {

    /** The services that publish events (and so serve {@code /api/events/keys}). */
    static final List<String> PUBLISHERS = List.of("consent", "catalog", "pricing", "payout");

    private final GatewayConfig config;
    private final Vertx vertx;
    private HttpClient client;

    public AggregatedDocuments(GatewayConfig config, Vertx vertx) {
        this.config = config;
        this.vertx = vertx;
    }

    void register(@Observes Router router) {
        client = vertx.createHttpClient();
        router.get("/openapi").handler(this::aggregate);
        // before the /api/* proxy, which would want a route of a single service
        router.get("/api/events/keys").order(-1).handler(this::eventKeys);
    }

    /** GETs {@code path} from each named service; failed futures for those that did not answer with 200. */
    private List<Future<JsonObject>> fetchAll(List<String> names, String path, String accept) {
        List<Future<JsonObject>> documents = new ArrayList<>();
        for (String name : names) {
            URI base = config.downstream().get(name);
            documents.add(client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost(base.getHost())
                            .setPort(base.getPort()).setURI(path).setTimeout(5000).putHeader("Accept", accept))
                    .compose(request -> request.send())
                    .compose(response -> response.statusCode() == 200 ? response.body()
                            : Future.failedFuture("status " + response.statusCode()))
                    .map(buffer -> buffer.toJsonObject()));
        }
        return documents;
    }

    private void eventKeys(RoutingContext ctx) {
        List<Future<JsonObject>> sets = fetchAll(PUBLISHERS, "/api/events/keys", "application/jwk-set+json");
        Future.join(sets).onComplete(done -> {
            JsonArray keys = new JsonArray();
            JsonArray unavailable = new JsonArray();
            for (int i = 0; i < PUBLISHERS.size(); i++) {
                if (sets.get(i).failed()) {
                    unavailable.add(PUBLISHERS.get(i) + "-service");
                } else {
                    sets.get(i).result().getJsonArray("keys", new JsonArray()).forEach(keys::add);
                }
            }
            JsonObject jwks = new JsonObject().put("keys", keys);
            if (!unavailable.isEmpty()) {
                jwks.put("x-unavailable", unavailable);
            }
            ctx.response().putHeader("Content-Type", "application/jwk-set+json").end(jwks.encode());
        });
    }

    private void aggregate(RoutingContext ctx) {
        List<String> names = new ArrayList<>(new TreeMap<>(config.downstream()).keySet());
        List<Future<JsonObject>> documents = fetchAll(names, "/q/openapi?format=json", "application/json");
        Future.join(documents).onComplete(done -> {
            JsonObject paths = new JsonObject();
            JsonObject schemas = new JsonObject();
            JsonArray unavailable = new JsonArray();
            for (int i = 0; i < names.size(); i++) {
                Future<JsonObject> document = documents.get(i);
                if (document.failed()) {
                    unavailable.add(names.get(i));
                    continue;
                }
                merge(document.result(), paths, schemas);
            }
            JsonObject merged = new JsonObject()
                    .put("openapi", "3.1.0")
                    .put("info", new JsonObject().put("title", "Personal Data Exchange public API").put("version", "1")
                            .put("description", "Every path is served by the gateway; errors are RFC 9457 problem+json."))
                    .put("paths", paths)
                    .put("components", new JsonObject().put("schemas", schemas).put("securitySchemes",
                            new JsonObject().put("bearer", new JsonObject().put("type", "http").put("scheme", "bearer")
                                    .put("bearerFormat", "JWT"))))
                    .put("security", new JsonArray().add(new JsonObject().put("bearer", new JsonArray())));
            if (!unavailable.isEmpty()) {
                merged.put("x-unavailable", unavailable);
            }
            ctx.response().putHeader("Content-Type", "application/json").end(merged.encodePrettily());
        });
    }

    static void merge(JsonObject document, JsonObject paths, JsonObject schemas) {
        JsonObject servicePaths = document.getJsonObject("paths", new JsonObject());
        for (String path : servicePaths.fieldNames()) {
            if (path.startsWith("/api/")) {
                JsonObject existing = paths.getJsonObject(path, new JsonObject());
                paths.put(path, existing.mergeIn(servicePaths.getJsonObject(path)));
            }
        }
        JsonObject components = document.getJsonObject("components", new JsonObject());
        JsonObject serviceSchemas = components.getJsonObject("schemas", new JsonObject());
        for (String name : serviceSchemas.fieldNames()) {
            if (!schemas.containsKey(name)) {
                schemas.put(name, serviceSchemas.getValue(name));
            }
        }
    }
}

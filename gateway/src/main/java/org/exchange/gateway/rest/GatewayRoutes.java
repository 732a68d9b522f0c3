package org.exchange.gateway.rest;

import io.quarkus.runtime.StartupEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.exchange.gateway.config.GatewayConfig;
import org.exchange.gateway.service.CircuitBreaker;
import org.exchange.gateway.service.RateLimiter;
import org.exchange.contract.Headers;
import org.exchange.gateway.service.Route;
import org.exchange.gateway.service.RouteTable;
import org.jboss.logging.Logger;

/**
 * The public door: every {@code /api/**} request gets a correlation id, a size limit, a
 * validated Keycloak token, a role check for its route, a rate limit, and only then is proxied
 * to the owning service with the caller's token. Anything refused never reaches a service.
 */
@ApplicationScoped
public class GatewayRoutes {

    static final String REQUEST_ID = Headers.REQUEST_ID;
    private static final String ROUTE_GROUP = "exchange.route";
    private static final Logger LOG = Logger.getLogger(GatewayRoutes.class);
    private static final Pattern SAFE_REQUEST_ID = Headers.REQUEST_ID_PATTERN;
    private static final List<String> FORWARDED_REQUEST_HEADERS = List.of("Authorization", "Content-Type", "Accept",
            Headers.IDEMPOTENCY_KEY);
    private static final List<String> FORWARDED_RESPONSE_HEADERS = List.of("Content-Type", "Location", "Retry-After",
            Headers.IDEMPOTENT_REPLAYED);

    private final GatewayConfig config;
    private final RouteTable routes;
    private final RateLimiter rateLimiter;
    private final JWTParser jwtParser;
    private final CircuitBreaker breaker;
    private final MeterRegistry meters;
    private final Vertx vertx;
    private HttpClient client;

    public GatewayRoutes(GatewayConfig config, RouteTable routes, RateLimiter rateLimiter, JWTParser jwtParser,
                         CircuitBreaker breaker, MeterRegistry meters, Vertx vertx) {
        this.config = config;
        this.routes = routes;
        this.rateLimiter = rateLimiter;
        this.jwtParser = jwtParser;
        this.breaker = breaker;
        this.meters = meters;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setMaxPoolSize(64)
                .setConnectTimeout(2000));
    }

    void register(@Observes Router router) {
        router.route("/api/*").handler(this::correlate);
        router.route("/api/*")
                .handler(BodyHandler.create(false).setBodyLimit(config.maxBodyBytes()))
                .handler(this::authoriseAndProxy)
                .failureHandler(this::failed);
    }

    private void correlate(RoutingContext ctx) {
        String incoming = ctx.request().getHeader(REQUEST_ID);
        String id = incoming != null && SAFE_REQUEST_ID.matcher(incoming).matches() ? incoming : UUID.randomUUID().toString();
        ctx.put(REQUEST_ID, id);
        ctx.response().putHeader(REQUEST_ID, id);
        long started = System.nanoTime();
        ctx.addEndHandler(done -> {
            long nanos = System.nanoTime() - started;
            String group = ctx.get(ROUTE_GROUP) != null ? ctx.get(ROUTE_GROUP) : "unmatched";
            Timer.builder("exchange.gateway.requests").tag("route", group).tag("method", ctx.request().method().name())
                    .tag("status", Integer.toString(ctx.response().getStatusCode())).register(meters)
                    .record(nanos, TimeUnit.NANOSECONDS);
            LOG.infof("req=%s %s %s -> %d (%d ms)", id, ctx.request().method(), ctx.request().path(),
                    ctx.response().getStatusCode(), nanos / 1_000_000);
        });
        ctx.next();
    }

    private void authoriseAndProxy(RoutingContext ctx) {
        String path = ctx.request().path();
        Route route = routes.match(path).orElse(null);
        if (route == null) {
            Problems.send(ctx, 404, "Not Found", "no such API route");
            return;
        }
        ctx.put(ROUTE_GROUP, route.group());
        Set<String> allowed = route.rolesByMethod().get(ctx.request().method().name());
        if (allowed == null) {
            Problems.send(ctx, 405, "Method Not Allowed", ctx.request().method() + " is not supported here");
            return;
        }
        if (allowed == RouteTable.PUBLIC) {
            SocketAddress from = ctx.request().remoteAddress();
            long wait = rateLimiter.acquire("address:" + (from == null ? "unknown" : from.hostAddress()), route.group());
            if (wait > 0) {
                ctx.response().putHeader("Retry-After", Long.toString(wait));
                Problems.send(ctx, 429, "Too Many Requests", "rate limit reached; retry after " + wait + " s");
                return;
            }
            proxy(ctx, route);
            return;
        }
        String authorization = ctx.request().getHeader("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            Problems.send(ctx, 401, "Unauthorized", "a bearer token from the exchange realm is required");
            return;
        }
        String token = authorization.substring(7).trim();
        vertx.<JsonWebToken>executeBlocking(() -> jwtParser.parse(token), false).onComplete(parsed -> {
            if (parsed.failed()) {
                if (!(parsed.cause() instanceof ParseException)) {
                    LOG.warnf("req=%s token validation failed unexpectedly: %s", ctx.get(REQUEST_ID), parsed.cause().toString());
                }
                ctx.response().putHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                Problems.send(ctx, 401, "Unauthorized", "the bearer token is invalid or expired");
                return;
            }
            JsonWebToken jwt = parsed.result();
            if (!allowed.isEmpty() && jwt.getGroups().stream().noneMatch(allowed::contains)) {
                Problems.send(ctx, 403, "Forbidden", "this route is for the role(s) " + String.join(", ", allowed));
                return;
            }
            long wait = rateLimiter.acquire(jwt.getSubject(), route.group());
            if (wait > 0) {
                ctx.response().putHeader("Retry-After", Long.toString(wait));
                Problems.send(ctx, 429, "Too Many Requests", "rate limit reached; retry after " + wait + " s");
                return;
            }
            proxy(ctx, route);
        });
    }

    private void proxy(RoutingContext ctx, Route route) {
        String downstream = route.downstream();
        if (!breaker.allow(downstream)) {
            ctx.response().putHeader("Retry-After", "5");
            Problems.send(ctx, 503, "Service Unavailable", downstream + " is unavailable; retry later");
            return;
        }
        URI base = config.downstream().get(route.downstream());
        RequestOptions options = new RequestOptions()
                .setMethod(ctx.request().method())
                .setHost(base.getHost())
                .setPort(base.getPort())
                .setURI(ctx.request().uri())
                .setTimeout(config.timeout().toMillis())
                .putHeader(REQUEST_ID, (String) ctx.get(REQUEST_ID));
        for (String header : FORWARDED_REQUEST_HEADERS) {
            String value = ctx.request().getHeader(header);
            if (value != null) {
                options.putHeader(header, value);
            }
        }
        Buffer body = ctx.body().buffer();
        client.request(options)
                .compose(request -> body == null || ctx.request().method() == HttpMethod.GET ? request.send() : request.send(body))
                .compose(response -> response.body().map(buffer -> relay(ctx, response, buffer)))
                .onSuccess(done -> breaker.succeeded(downstream))
                .onFailure(e -> {
                    breaker.failed(downstream);
                    if (e instanceof TimeoutException) {
                        Problems.send(ctx, 504, "Gateway Timeout", route.downstream() + " did not answer in time");
                    } else {
                        LOG.warnf("req=%s %s is unreachable: %s", ctx.get(REQUEST_ID), route.downstream(), e.toString());
                        Problems.send(ctx, 503, "Service Unavailable", route.downstream() + " is unavailable; retry later");
                    }
                });
    }

    private Future<Void> relay(RoutingContext ctx, HttpClientResponse response, Buffer buffer) {
        ctx.response().setStatusCode(response.statusCode());
        for (String header : FORWARDED_RESPONSE_HEADERS) {
            String value = response.getHeader(header);
            if (value != null) {
                ctx.response().putHeader(header, value);
            }
        }
        return ctx.response().end(buffer);
    }

    private void failed(RoutingContext ctx) {
        int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
        if (status == 413) {
            Problems.send(ctx, 413, "Payload Too Large", "the request body exceeds " + config.maxBodyBytes() + " bytes");
        } else if (status >= 500) {
            LOG.errorf(ctx.failure(), "req=%s gateway failure", (Object) ctx.get(REQUEST_ID));
            Problems.send(ctx, 500, "Server Error", "the request could not be completed");
        } else {
            Problems.send(ctx, status, "Request rejected", "the request was rejected");
        }
    }
}

package org.exchange.gateway.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.UUID;
import org.exchange.testing.Tokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
class GatewayRoutesTest {

    @BeforeAll
    static void downstream() throws Exception {
        FakeDownstream.start();
    }

    static String user() {
        return "u-" + UUID.randomUUID();
    }

    @Test
    void aValidTokenWithTheRightRoleIsProxiedWithTokenBodyQueryAndRequestId() {
        String token = Tokens.subject(user());
        given().auth().oauth2(token).header("X-Request-Id", "trace-123").header("Idempotency-Key", "k1")
                .header("Cookie", "session=secret")
                .contentType(ContentType.JSON).body("{\"purpose\":\"ai-training\"}")
                .post("/api/consents?x=1")
                .then().statusCode(201)
                .header("X-Request-Id", "trace-123")
                .header("Location", "/api/things/1")
                .header("Idempotent-Replayed", "true") // clients see whether a response is a replay
                .header("X-Internal-Secret", nullValue())
                .body("path", equalTo("/api/consents"))
                .body("query", equalTo("x=1"))
                .body("authorization", equalTo("Bearer " + token))
                .body("requestId", equalTo("trace-123"))
                .body("idempotencyKey", equalTo("k1"))
                .body("cookie", nullValue())
                .body("body", equalTo("{\"purpose\":\"ai-training\"}"));
    }

    @Test
    void aRequestIdIsCreatedWhenMissingOrUnsafe() {
        given().auth().oauth2(Tokens.consumer(user())).get("/api/datasets")
                .then().statusCode(200).header("X-Request-Id", matchesPattern("[0-9a-f-]{36}"))
                .body("requestId", notNullValue());
        given().auth().oauth2(Tokens.consumer(user())).header("X-Request-Id", "bad id\nwith newline").get("/api/datasets")
                .then().statusCode(200).header("X-Request-Id", matchesPattern("[0-9a-f-]{36}"));
    }

    @Test
    void brokenOrMissingTokensAre401AndNeverReachAService() {
        String u = user();
        String[] tokens = {Tokens.expired(u, "subject"), Tokens.wrongIssuer(u, "subject"),
                Tokens.wrongAudience(u, "subject"), Tokens.signedByAnotherKey(u, "subject"), Tokens.tampered(u),
                Tokens.algNone(u, "subject"), "garbage", ""};
        int before = FakeDownstream.RECEIVED.get();
        for (String token : tokens) {
            given().header("Authorization", "Bearer " + token).get("/api/consents")
                    .then().statusCode(401).contentType("application/problem+json")
                    .header("WWW-Authenticate", notNullValue())
                    .body("status", equalTo(401)).body("title", equalTo("Unauthorized"));
        }
        given().get("/api/consents").then().statusCode(401).contentType("application/problem+json");
        given().header("Authorization", "Basic YWxpY2U6YWxpY2U=").get("/api/consents").then().statusCode(401);
        assertThat(FakeDownstream.RECEIVED.get()).isEqualTo(before);
    }

    @Test
    void aWrongRoleIs403AtTheGateway() {
        int before = FakeDownstream.RECEIVED.get();
        given().auth().oauth2(Tokens.consumer(user())).get("/api/consents").then().statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(Tokens.subject(user())).contentType(ContentType.JSON).body("{}").post("/api/datasets")
                .then().statusCode(403);
        given().auth().oauth2(Tokens.provider(user())).contentType(ContentType.JSON).body("{}").post("/api/quotes")
                .then().statusCode(403);
        given().auth().oauth2(Tokens.subject(user())).get("/api/ledger/verify").then().statusCode(403);
        given().auth().oauth2(Tokens.consumer(user())).get("/api/earnings").then().statusCode(403);
        assertThat(FakeDownstream.RECEIVED.get()).isEqualTo(before);
    }

    @Test
    void unknownRoutesAre404AndWrongMethods405AndInternalPathsAreNotRouted() {
        given().auth().oauth2(Tokens.subject(user())).get("/api/nothing-here").then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(Tokens.service("pricing")).contentType(ContentType.JSON).body("{}")
                .post("/api/../internal/consents/confirm").then().statusCode(404);
        given().auth().oauth2(Tokens.subject(user())).delete("/api/consents").then().statusCode(405);
    }

    @Test
    void anOversizedBodyIs413AndNeverReachesAService() {
        int before = FakeDownstream.RECEIVED.get();
        given().auth().oauth2(Tokens.subject(user())).contentType(ContentType.JSON)
                .body("{\"x\":\"" + "a".repeat(70_000) + "\"}").post("/api/consents")
                .then().statusCode(413).contentType("application/problem+json");
        assertThat(FakeDownstream.RECEIVED.get()).isEqualTo(before);
    }

    @Test
    void tooManyRequestsAre429WithRetryAfterPerClient() {
        String greedy = Tokens.consumer(user());
        int limited = 0;
        io.restassured.response.Response refused = null;
        for (int i = 0; i < 40; i++) {
            io.restassured.response.Response response = given().auth().oauth2(greedy).get("/api/purchases");
            if (response.statusCode() == 429) {
                limited++;
                refused = refused == null ? response : refused;
            }
        }
        assertThat(limited).as("a burst of 40 against a bucket of 20").isGreaterThan(0);
        // the refusal itself, not one more request: the bucket refills a token every 200 ms
        refused.then().header("Retry-After", matchesPattern("\\d+")).contentType("application/problem+json");
        // another client is not affected
        given().auth().oauth2(Tokens.consumer(user())).get("/api/purchases").then().statusCode(200);
    }

    @Test
    void aDownServiceIs503AndTheOthersKeepWorking() {
        given().auth().oauth2(Tokens.subject(user())).get("/api/earnings").then().statusCode(503)
                .contentType("application/problem+json").body("detail", equalTo("payout is unavailable; retry later"));
        given().auth().oauth2(Tokens.subject(user())).get("/api/consents").then().statusCode(200);
    }

    @Test
    void aSlowServiceIs504() {
        given().auth().oauth2(Tokens.consumer(user())).get("/api/datasets/slow").then().statusCode(504)
                .contentType("application/problem+json");
    }

    @Test
    void aDownstreamThatKeepsFailingOpensItsBreakerAndIsAnsweredAtOnce() {
        for (int i = 0; i < 6; i++) {
            given().auth().oauth2(Tokens.subject(user())).get("/api/payouts/p1").then().statusCode(503);
        }
        // only an open breaker answers with Retry-After: an unreachable downstream it tried does not
        given().auth().oauth2(Tokens.subject(user())).get("/api/payouts/p1").then().statusCode(503)
                .header("Retry-After", equalTo("5"));
        given().auth().oauth2(Tokens.subject(user())).get("/api/consents").then().statusCode(200);
    }

    @Test
    void requestsAreMeasuredPerRouteMethodAndStatus() {
        given().auth().oauth2(Tokens.subject(user())).get("/api/consents").then().statusCode(200);
        given().auth().oauth2(Tokens.consumer(user())).get("/api/consents").then().statusCode(403);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .containsPattern("exchange_gateway_requests_seconds_count\\{[^}]*route=\"consents\"[^}]*status=\"200\"")
                .containsPattern("exchange_gateway_requests_seconds_count\\{[^}]*route=\"consents\"[^}]*status=\"403\"");
    }

    @Test
    void theAggregatedOpenApiHasEveryServicesPublicPathsAndNoInternalOnes() {
        given().get("/openapi").then().statusCode(200)
                .body("openapi", equalTo("3.1.0"))
                .body("paths.'/api/things'.get.summary", equalTo("things"))
                .body("paths.'/internal/secrets'", nullValue())
                .body("components.schemas.Thing.type", equalTo("object"))
                .body("components.securitySchemes.bearer.scheme", equalTo("bearer"))
                .body("'x-unavailable'", org.hamcrest.Matchers.contains("payout"));
    }

    @Test
    void publicDocumentsNeedNoTokenAndIgnoreOne() {
        int before = FakeDownstream.RECEIVED.get();
        given().get("/api/receipts/keys").then().statusCode(200).body("path", equalTo("/api/receipts/keys"))
                .body("authorization", org.hamcrest.Matchers.nullValue());
        given().get("/api/events/schemas/consent.granted").then().statusCode(200)
                .body("path", equalTo("/api/events/schemas/consent.granted"));
        assertThat(FakeDownstream.RECEIVED.get()).isEqualTo(before + 2);
        // a public route still has its methods: nothing but GET
        given().post("/api/receipts/keys").then().statusCode(405);
    }

    @Test
    void theEventKeysOfEveryPublisherAreOneJwksAndAnUnreachableOneIsNamed() {
        // consent, catalog and pricing are the fake downstream; payout (18989) is down in tests
        given().get("/api/events/keys").then().statusCode(200)
                .contentType("application/jwk-set+json")
                .body("keys.size()", equalTo(3))
                .body("keys.kty", org.hamcrest.Matchers.everyItem(equalTo("OKP")))
                .body("'x-unavailable'", org.hamcrest.Matchers.contains("payout-service"));
    }
}

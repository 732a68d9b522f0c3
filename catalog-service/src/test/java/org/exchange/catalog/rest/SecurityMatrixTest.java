package org.exchange.catalog.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.exchange.catalog.Fixtures.body;
import static org.exchange.catalog.Fixtures.events;
import static org.exchange.catalog.Fixtures.newProvider;
import static org.exchange.catalog.Fixtures.publish;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.exchange.catalog.Fixtures;
import org.exchange.testing.Tokens;
import org.junit.jupiter.api.Test;

/** Who may call what: providers write, everyone authenticated reads, pricing alone uses /internal. */
@QuarkusTest
class SecurityMatrixTest {

    @Inject
    Pool db;

    record Call(String name, Function<RequestSpecification, io.restassured.response.Response> send) {
    }

    List<Call> providerCalls(String id) {
        return List.of(
                new Call("publish", r -> r.contentType(ContentType.JSON).body(body("Nope", List.of("ai-training")))
                        .post("/api/datasets")),
                new Call("replace", r -> r.contentType(ContentType.JSON).body(body("Nope", List.of("ai-training")))
                        .put("/api/datasets/" + id)),
                new Call("withdraw", r -> r.post("/api/datasets/" + id + "/withdraw")),
                new Call("revisions", r -> r.get("/api/datasets/" + id + "/revisions")),
                new Call("declare", r -> r.contentType(ContentType.JSON)
                        .body(List.of(Map.of("subjectId", "s1", "records", 1)))
                        .post("/api/datasets/" + id + "/subjects")),
                new Call("remove", r -> r.contentType(ContentType.JSON).body(List.of("s1"))
                        .delete("/api/datasets/" + id + "/subjects")),
                new Call("members", r -> r.get("/api/datasets/" + id + "/subjects")));
    }

    List<Call> readCalls(String id) {
        return List.of(new Call("search", r -> r.get("/api/datasets")),
                new Call("read", r -> r.get("/api/datasets/" + id)));
    }

    List<Call> internalCalls(String id) {
        return List.of(new Call("facts", r -> r.get("/internal/datasets/" + id)),
                new Call("members", r -> r.get("/internal/datasets/" + id + "/members")));
    }

    @Test
    void subjectsConsumersAuditorsAndServicesMayNotUseProviderEndpoints() {
        String provider = newProvider();
        String id = publish(provider, "Guarded", List.of("ai-training"));
        String other = "user-" + UUID.randomUUID();
        for (String token : new String[]{Tokens.subject(other), Tokens.consumer(other), Tokens.auditor(other),
                Tokens.service(other), Tokens.subject(provider), Tokens.consumer(provider)}) {
            for (Call call : providerCalls(id)) {
                call.send().apply(given().auth().oauth2(token)).then().log().ifValidationFails()
                        .statusCode(403).contentType("application/problem+json").body("status", equalTo(403));
            }
        }
        assertThat(events(db, id)).isEqualTo(1);
        assertThat(Fixtures.revisions(db, id)).isEqualTo(1);
        assertThat(Fixtures.members(db, id)).isZero();
        assertThat(Fixtures.datasetsOf(db, other)).isZero();
    }

    @Test
    void everyAuthenticatedRoleMayRead() {
        String id = publish(newProvider(), "Readable", List.of("ai-training"));
        for (String token : new String[]{Tokens.subject("s"), Tokens.consumer("c"), Tokens.auditor("a"),
                Tokens.provider(newProvider())}) {
            for (Call call : readCalls(id)) {
                call.send().apply(given().auth().oauth2(token)).then().statusCode(200);
            }
        }
    }

    @Test
    void onlyTheServiceRoleReachesTheInternalApi() {
        String provider = newProvider();
        String id = publish(provider, "Internal", List.of("ai-training"));
        for (String token : new String[]{Tokens.subject("s"), Tokens.consumer("c"), Tokens.auditor("a"),
                Tokens.provider(provider)}) {
            for (Call call : internalCalls(id)) {
                call.send().apply(given().auth().oauth2(token)).then().statusCode(403)
                        .contentType("application/problem+json");
            }
        }
        for (Call call : internalCalls(id)) {
            call.send().apply(given().auth().oauth2(Tokens.service("pricing-service"))).then().statusCode(200);
        }
    }

    @Test
    void missingOrBrokenTokensAre401Everywhere() {
        String provider = newProvider();
        String id = publish(provider, "Locked", List.of("ai-training"));
        String[] tokens = {Tokens.expired(provider, "provider"), Tokens.wrongIssuer(provider, "provider"),
                Tokens.wrongAudience(provider, "provider"), Tokens.signedByAnotherKey(provider, "provider"),
                Tokens.tampered(provider), Tokens.algNone(provider, "provider"), "not-a-jwt"};
        List<Call> all = new java.util.ArrayList<>(providerCalls(id));
        all.addAll(readCalls(id));
        all.addAll(internalCalls(id));
        for (Call call : all) {
            call.send().apply(given()).then().log().ifValidationFails().statusCode(401);
            for (String token : tokens) {
                call.send().apply(given().auth().oauth2(token)).then().log().ifValidationFails().statusCode(401);
            }
        }
        assertThat(events(db, id)).isEqualTo(1);
        assertThat(Fixtures.datasetsOf(db, provider)).isEqualTo(1);
    }
}

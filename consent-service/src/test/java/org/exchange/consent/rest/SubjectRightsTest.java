package org.exchange.consent.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.exchange.testing.Rows;
import org.exchange.testing.Tokens;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SubjectRightsTest {

    @Inject
    Pool db;

    @Test
    void exportHoldsEveryConsentAndTheWholeHistoryOfTheCallerOnly() {
        String subject = "s-" + UUID.randomUUID();
        String id = ConsentResourceTest.grant(subject, ConsentResourceTest.grantBody("ai-training"));
        ConsentResourceTest.grant(subject, ConsentResourceTest.grantBody("academic-research"));
        given().auth().oauth2(Tokens.subject(subject)).post("/api/consents/" + id + "/revoke").then().statusCode(200);
        ConsentResourceTest.grant("s-" + UUID.randomUUID(), ConsentResourceTest.grantBody("ai-training"));

        given().auth().oauth2(Tokens.subject(subject)).get("/api/me/export")
                .then().statusCode(200)
                .body("subjectId", equalTo(subject))
                .body("consents", hasSize(2))
                .body("history", hasSize(3))
                .body("history.findAll { it.action == 'WITHDRAWN' }", hasSize(1));
    }

    @Test
    void erasureRemovesTheSubjectEverywhereHereKeepsProofAndTellsTheOtherServices() {
        String subject = "s-" + UUID.randomUUID();
        String bystander = "s-" + UUID.randomUUID();
        ConsentResourceTest.grant(subject, ConsentResourceTest.grantBody("ai-training"));
        ConsentResourceTest.grant(bystander, ConsentResourceTest.grantBody("ai-training"));

        given().auth().oauth2(Tokens.subject(subject)).delete("/api/me")
                .then().statusCode(200).body("consentsErased", equalTo(1)).body("historyErased", equalTo(1));

        assertThat(Rows.count(db, "SELECT count(*) FROM consent WHERE subject_id = $1", subject)).isZero();
        assertThat(Rows.count(db, "SELECT count(*) FROM consent_history WHERE subject_id = $1", subject)).isZero();
        assertThat(Rows.count(db, "SELECT count(*) FROM erasure_log WHERE subject_id = $1", subject)).isOne();
        assertThat(Rows.count(db, "SELECT count(*) FROM outbox WHERE event_key = $1 AND payload LIKE '%subject.erased%'", subject))
                .isOne();
        assertThat(Rows.count(db, "SELECT count(*) FROM consent WHERE subject_id = $1", bystander)).isOne();
        given().auth().oauth2(Tokens.subject(subject)).get("/api/me/export")
                .then().statusCode(200).body("consents", hasSize(0)).body("history", hasSize(0));
        given().auth().oauth2(Tokens.auditor("a")).get("/api/audit/consent-chains")
                .then().statusCode(200).body("breaks", notNullValue()).body("breaks.findAll { it.subjectId == '" + bystander + "' }", hasSize(0));
    }

    @Test
    void onlySubjectsHaveSubjectRightsHere() {
        given().auth().oauth2(Tokens.provider("p")).get("/api/me/export").then().statusCode(403);
        given().auth().oauth2(Tokens.consumer("c")).delete("/api/me").then().statusCode(403);
        given().delete("/api/me").then().statusCode(401);
    }

    @Test
    void aConsentPastItsExpiryBecomesExpiredWithoutAnyoneCallingAndEmitsAnEvent() {
        String subject = "s-" + UUID.randomUUID();
        String id = given().auth().oauth2(Tokens.subject(subject)).contentType(ContentType.JSON)
                .body("{\"datasetId\": \"d1\", \"purpose\": \"ai-training\", \"dataCategories\": [\"steps\"],"
                        + " \"expiresAt\": \"" + Instant.now().plusSeconds(6) + "\"}")
                .post("/api/consents").then().statusCode(201).extract().path("id");

        // 6 s ahead, so that a slow first request cannot turn it into an expiry in the past (a 400)
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(Tokens.subject(subject)).get("/api/consents/" + id)
                        .then().body("status", equalTo("EXPIRED")).body("version", equalTo(2)));
        assertThat(Rows.count(db, "SELECT count(*) FROM outbox WHERE event_key = $1 AND payload LIKE '%consent.expired%'", subject))
                .isOne();
        given().auth().oauth2(Tokens.subject(subject)).get("/api/consents/" + id + "/history")
                .then().body("[1].action", equalTo("EXPIRED"));
    }

    @Test
    void consentChangesAreCountedInTheMetrics() {
        ConsentResourceTest.grant("s-" + UUID.randomUUID(), ConsentResourceTest.grantBody("product-analytics"));
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).containsPattern("exchange_consent_changes_total\\{.*action=\"GRANTED\".*purpose=\"product-analytics\".*\\}");
    }
}

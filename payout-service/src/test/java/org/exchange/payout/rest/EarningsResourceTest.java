package org.exchange.payout.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.exchange.payout.testing.Fixtures;
import org.exchange.payout.testing.Funds;
import org.exchange.testing.Tokens;
import org.junit.jupiter.api.Test;

@QuarkusTest
class EarningsResourceTest {

    @Inject
    Funds funds;

    @Test
    void aNewCallerHasZeroBalancesInTheSettlementCurrency() {
        given().auth().oauth2(Tokens.subject(Fixtures.id("nobody"))).get("/api/earnings")
                .then().statusCode(200)
                .body("currency", equalTo("EUR"))
                .body("balance.pending", equalTo(0)).body("balance.available", equalTo(0))
                .body("balance.paidOut", equalTo(0))
                .body("lines", hasSize(0)).body("total", equalTo(0));
    }

    @Test
    void theStatementNamesPurchaseDatasetPurposeBuyerWeightAmountAndStatus() {
        String subject = Fixtures.id("subject");
        Fixtures.Purchase held = funds.pending(subject, 2_000);

        JsonPath pending = given().auth().oauth2(Tokens.subject(subject)).get("/api/earnings")
                .then().statusCode(200).extract().jsonPath();
        assertThat(pending.getLong("balance.pending")).isEqualTo(1_400);
        assertThat(pending.getLong("balance.available")).isZero();
        Map<String, Object> line = pending.<Map<String, Object>>getList("lines").get(0);
        assertThat(line).containsEntry("purchaseId", held.id()).containsEntry("datasetId", held.datasetId())
                .containsEntry("purpose", "ai-training").containsEntry("buyerId", held.consumerId())
                .containsEntry("weight", 10).containsEntry("amount", 1_400).containsEntry("status", "PENDING");
        assertThat(line.get("at")).isNotNull();

        funds.endHolds();
        given().auth().oauth2(Tokens.subject(subject)).get("/api/earnings")
                .then().statusCode(200)
                .body("balance.pending", equalTo(0)).body("balance.available", equalTo(1_400))
                .body("lines[0].status", equalTo("AVAILABLE"));
    }

    @Test
    void theProviderSeesItsShareWithTheWholePurchaseAsWeight() {
        String subject = Fixtures.id("subject");
        Fixtures.Purchase p = funds.pending(subject, 10_000);
        given().auth().oauth2(Tokens.provider(p.providerId())).get("/api/earnings")
                .then().statusCode(200)
                .body("balance.pending", equalTo(2_000))
                .body("lines", hasSize(1))
                .body("lines[0].amount", equalTo(2_000)).body("lines[0].weight", equalTo(10))
                .body("lines[0].as", equalTo("provider"));
        // the provider role does not show the provider another owner's subject earnings
        given().auth().oauth2(Tokens.provider(subject)).get("/api/earnings")
                .then().statusCode(200).body("lines", hasSize(0)).body("balance.pending", equalTo(0));
    }

    @Test
    void theStatementIsPagedNewestFirst() {
        String subject = Fixtures.id("subject");
        for (int i = 0; i < 5; i++) {
            funds.pending(subject, 1_000 + i);
        }
        JsonPath first = given().auth().oauth2(Tokens.subject(subject)).get("/api/earnings?page=0&size=2")
                .then().statusCode(200).body("total", equalTo(5)).body("lines", hasSize(2))
                .body("page", equalTo(0)).body("size", equalTo(2)).extract().jsonPath();
        JsonPath last = given().auth().oauth2(Tokens.subject(subject)).get("/api/earnings?page=2&size=2")
                .then().statusCode(200).body("lines", hasSize(1)).extract().jsonPath();
        List<String> firstIds = first.getList("lines.purchaseId");
        assertThat(firstIds).doesNotContain(last.getString("lines[0].purchaseId"));
        // as instants: ISO strings of different precision ("...12Z", "...12.000345Z") do not sort by time
        assertThat(java.time.Instant.parse(first.getString("lines[0].at")))
                .isAfterOrEqualTo(java.time.Instant.parse(first.getString("lines[1].at")));
    }

    @Test
    void aSubjectNeverSeesAnotherSubjectsEarnings() {
        String owner = Fixtures.id("owner");
        funds.available(owner, 5_000);
        given().auth().oauth2(Tokens.subject(Fixtures.id("intruder"))).get("/api/earnings")
                .then().statusCode(200).body("lines", hasSize(0)).body("balance.available", equalTo(0));
    }

    @Test
    void badPagingIs400() {
        String token = Tokens.subject(Fixtures.id("s"));
        for (String query : new String[]{"page=-1", "size=0", "size=201", "page=abc", "size=1e3", "page=100001",
                "page=99999999999"}) {
            given().auth().oauth2(token).get("/api/earnings?" + query).then().statusCode(400)
                    .contentType("application/problem+json").body("status", equalTo(400)).body("title", notNullValue());
            given().auth().oauth2(token).get("/api/payouts?" + query).then().statusCode(400);
        }
    }

    @Test
    void wrongRolesAre403AndBrokenTokens401() {
        String id = Fixtures.id("s");
        for (String token : new String[]{Tokens.consumer(id), Tokens.auditor(id), Tokens.service(id)}) {
            given().auth().oauth2(token).get("/api/earnings").then().statusCode(403)
                    .contentType("application/problem+json");
        }
        given().get("/api/earnings").then().statusCode(401);
        for (String token : new String[]{Tokens.expired(id, "subject"), Tokens.wrongIssuer(id, "subject"),
                Tokens.wrongAudience(id, "subject"), Tokens.signedByAnotherKey(id, "subject"), Tokens.tampered(id),
                Tokens.algNone(id, "subject"), "not-a-jwt"}) {
            given().auth().oauth2(token).get("/api/earnings").then().statusCode(401);
        }
    }
}

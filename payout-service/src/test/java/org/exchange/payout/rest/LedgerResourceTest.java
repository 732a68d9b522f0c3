package org.exchange.payout.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.Map;
import org.exchange.payout.testing.Fixtures;
import org.exchange.payout.testing.Funds;
import org.exchange.testing.Tokens;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LedgerResourceTest {

    @Inject
    Funds funds;

    @Inject
    Pool db;

    static JsonPath verify() {
        return given().auth().oauth2(Tokens.auditor("auditor")).get("/api/ledger/verify")
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void theLedgerVerifiesWithTotalsPerAccountTypeThatSumToZero() {
        funds.available(Fixtures.id("subject"), 12_345);
        funds.pending(Fixtures.id("subject"), 999);
        JsonPath report = verify();
        assertThat(report.getBoolean("balanced")).isTrue();
        assertThat(report.getList("discrepancies")).isEmpty();
        Map<String, Number> totals = report.getMap("totals");
        assertThat(totals).containsKeys("consumer:funding", "platform:available", "subject:pending", "provider:available");
        assertThat(totals.values().stream().mapToLong(Number::longValue).sum()).isZero();
        assertThat(totals.get("consumer:funding").longValue()).isNegative();
    }

    @Test
    void aTamperedBalanceIsNamedAsADiscrepancy() {
        String subject = Fixtures.id("subject");
        funds.available(subject, 10_000);
        String account = "subject:" + subject + ":available";
        db.preparedQuery("UPDATE account SET balance = balance + 1 WHERE id = $1").execute(Tuple.of(account))
                .await().indefinitely();
        try {
            given().auth().oauth2(Tokens.auditor("auditor")).get("/api/ledger/verify").then().statusCode(200)
                    .body("balanced", equalTo(false))
                    .body("discrepancies", hasSize(1))
                    .body("discrepancies[0].kind", equalTo("balance-mismatch"))
                    .body("discrepancies[0].reference", equalTo(account))
                    .body("discrepancies[0].expected", equalTo(7_000))
                    .body("discrepancies[0].actual", equalTo(7_001));
        } finally {
            db.preparedQuery("UPDATE account SET balance = balance - 1 WHERE id = $1").execute(Tuple.of(account))
                    .await().indefinitely();
        }
        assertThat(verify().getBoolean("balanced")).isTrue();
    }

    @Test
    void onlyAuditorsMayVerify() {
        for (String token : new String[]{Tokens.subject("s"), Tokens.provider("p"), Tokens.consumer("c")}) {
            given().auth().oauth2(token).get("/api/ledger/verify").then().statusCode(403)
                    .contentType("application/problem+json");
        }
        given().get("/api/ledger/verify").then().statusCode(401);
        given().auth().oauth2(Tokens.expired("auditor", "auditor")).get("/api/ledger/verify").then().statusCode(401);
        given().auth().oauth2(Tokens.signedByAnotherKey("auditor", "auditor")).get("/api/ledger/verify")
                .then().statusCode(401);
    }

    @Test
    void splitsAndPayoutsAreCountedInMetrics() {
        funds.pending(Fixtures.id("subject"), 1_000);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("exchange_payout_splits_total{purpose=\"ai-training\"}");
        assertThat(metrics).contains("exchange_payout_split_seconds_count");
    }
}

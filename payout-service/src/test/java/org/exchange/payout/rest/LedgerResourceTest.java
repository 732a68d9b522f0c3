package org.exchange.payout.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.Map;
import org.exchange.payout.client.PricingApi;
import org.exchange.payout.testing.FakePricing;
import org.exchange.payout.testing.Fixtures;
import org.exchange.payout.testing.Funds;
import org.exchange.payout.testing.PricingFeed;
import org.exchange.testing.Rows;
import org.exchange.testing.Tokens;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LedgerResourceTest {

    @Inject
    Funds funds;

    @Inject
    Pool db;

    @Inject
    FakePricing pricing;

    @Inject
    PricingFeed feed;

    long booked() {
        return Rows.count(db, "SELECT count(*) FROM purchase WHERE split_tx IS NOT NULL");
    }

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
        assertThat(report.getLong("purchasesReconciled")).as("every booked purchase reconciled with pricing")
                .isGreaterThanOrEqualTo(2).isEqualTo(booked());
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
        Rows.exec(db, "UPDATE account SET balance = balance + 1 WHERE id = $1", account);
        try {
            given().auth().oauth2(Tokens.auditor("auditor")).get("/api/ledger/verify").then().statusCode(200)
                    .body("balanced", equalTo(false))
                    .body("discrepancies", hasSize(1))
                    .body("discrepancies[0].kind", equalTo("balance-mismatch"))
                    .body("discrepancies[0].reference", equalTo(account))
                    .body("discrepancies[0].expected", equalTo(7_000))
                    .body("discrepancies[0].actual", equalTo(7_001));
        } finally {
            Rows.exec(db, "UPDATE account SET balance = balance - 1 WHERE id = $1", account);
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

    @Test
    void aBookedPurchasePricingDoesNotHoldIsNamedAsUnknownToPricing() {
        Fixtures.Purchase p = funds.pending(Fixtures.id("subject"), 4_444);
        PricingApi.PurchaseRecord held = pricing.forget(p.id()); // pricing no longer holds it
        try {
            JsonPath report = verify();
            assertThat(report.getBoolean("balanced")).isFalse();
            assertThat(report.getList("discrepancies")).hasSize(1);
            assertThat(report.getString("discrepancies[0].kind")).isEqualTo("purchase-unknown-to-pricing");
            assertThat(report.getString("discrepancies[0].reference")).isEqualTo(p.id());
            assertThat(report.getLong("discrepancies[0].expected")).isZero();
            assertThat(report.getLong("discrepancies[0].actual")).isEqualTo(4_444);
            // the books themselves are still balanced: only the reconciliation failed
            Map<String, Number> totals = report.getMap("totals");
            assertThat(totals.values().stream().mapToLong(Number::longValue).sum()).isZero();
        } finally {
            pricing.made(held);
        }
        JsonPath after = verify();
        assertThat(after.getBoolean("balanced")).isTrue();
        assertThat(after.getLong("purchasesReconciled")).isEqualTo(booked());
    }

    @Test
    void aBookedPurchaseWhoseAmountDiffersFromPricingsIsNamedAsAnAmountMismatch() {
        Fixtures.Purchase p = funds.pending(Fixtures.id("subject"), 5_000);
        PricingApi.PurchaseRecord held = pricing.change(p.id(), r -> new PricingApi.PurchaseRecord(r.purchaseId(),
                r.quoteId(), r.consumerId(), r.providerId(), r.datasetId(), r.purpose(), 500, r.currency(), r.subjects(),
                r.records(), r.status(), r.cohortRoot(), r.createdAt(), r.refundedAt()));
        try {
            given().auth().oauth2(Tokens.auditor("auditor")).get("/api/ledger/verify").then().statusCode(200)
                    .body("balanced", equalTo(false))
                    .body("discrepancies", hasSize(1))
                    .body("discrepancies[0].kind", equalTo("purchase-amount-mismatch"))
                    .body("discrepancies[0].reference", equalTo(p.id()))
                    .body("discrepancies[0].expected", equalTo(500))
                    .body("discrepancies[0].actual", equalTo(5_000));
        } finally {
            pricing.made(held);
        }
        assertThat(verify().getBoolean("balanced")).isTrue();
    }

    @Test
    void aCohortOrRefundPricingDoesNotAgreeWithIsNamed() {
        Fixtures.Purchase p = funds.pending(Fixtures.id("subject"), 6_000);
        Fixtures.Purchase refunded = funds.pending(Fixtures.id("subject"), 7_000);
        feed.refund(refunded);
        PricingApi.PurchaseRecord held = pricing.change(p.id(), r -> new PricingApi.PurchaseRecord(r.purchaseId(),
                r.quoteId(), r.consumerId(), r.providerId(), r.datasetId(), r.purpose(), r.amount(), r.currency(),
                r.subjects() + 1, r.records() + 3, r.status(), r.cohortRoot(), r.createdAt(), r.refundedAt()));
        PricingApi.PurchaseRecord refundHeld = pricing.change(refunded.id(), r -> new PricingApi.PurchaseRecord(
                r.purchaseId(), r.quoteId(), r.consumerId(), r.providerId(), r.datasetId(), r.purpose(), r.amount(),
                r.currency(), r.subjects(), r.records(), "COMPLETED", r.cohortRoot(), r.createdAt(), null));
        try {
            JsonPath report = verify();
            assertThat(report.getBoolean("balanced")).isFalse();
            assertThat(report.getList("discrepancies")).hasSize(2);
            assertThat(report.<Map<String, Object>>getList("discrepancies"))
                    .anySatisfy(d -> assertThat(d).containsEntry("kind", "purchase-cohort-mismatch")
                            .containsEntry("reference", p.id()).containsEntry("expected", 13).containsEntry("actual", 10))
                    .anySatisfy(d -> assertThat(d).containsEntry("kind", "refund-unknown-to-pricing")
                            .containsEntry("reference", refunded.id()));
        } finally {
            pricing.made(held);
            pricing.made(refundHeld);
        }
        assertThat(verify().getBoolean("balanced")).isTrue();
    }

    @Test
    void whenPricingCannotBeAskedTheLedgerIsNotDeclaredBalanced() {
        funds.pending(Fixtures.id("subject"), 3_000);
        long booked = booked();
        pricing.unavailable();
        try {
            JsonPath report = verify();
            assertThat(report.getBoolean("balanced")).isFalse();
            assertThat(report.getList("discrepancies")).hasSize(1);
            assertThat(report.getString("discrepancies[0].kind")).isEqualTo("reconciliation-unavailable");
            assertThat(report.getString("discrepancies[0].reference")).isEqualTo("pricing-service");
            assertThat(report.getLong("discrepancies[0].expected")).isEqualTo(booked);
            assertThat(report.getLong("purchasesReconciled")).isZero();
            assertThat(report.getLong("discrepancies[0].actual")).isZero();
        } finally {
            pricing.available();
        }
        JsonPath after = verify();
        assertThat(after.getBoolean("balanced")).isTrue();
        assertThat(after.getLong("purchasesReconciled")).isEqualTo(booked);
    }
}

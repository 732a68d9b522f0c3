package org.exchange.pricing.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.exchange.pricing.support.PricingTestBase;
import org.exchange.testing.EventSchemas;
import org.exchange.testing.Rows;
import org.exchange.testing.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
class QuoteResourceTest extends PricingTestBase {

    long quotesOf(String consumer) {
        return Rows.count(db, "SELECT count(*) FROM quote WHERE consumer_id = $1", consumer);
    }

    @Test
    void quoteStatesAmountCohortVersionAndExpiryAndIsWrittenWithItsEvent() {
        String provider = newId("provider");
        String ds = dataset(provider, "ai-training", "academic-research");
        consentingMembers(ds, 3, 100, "ai-training", null);
        putPrice(provider, ds, priceBody(10, "{\"ai-training\": 25000}", 0));
        String consumer = newId("consumer");

        Instant before = Instant.now();
        String id = postQuote(consumer, ds, "ai-training").then().statusCode(201)
                .header("Location", containsString("/api/quotes/"))
                .body("amount", equalTo(7500)) // 300 records x 10 x 2.5
                .body("currency", equalTo("EUR"))
                .body("subjects", equalTo(3))
                .body("records", equalTo(300))
                .body("priceBookVersion", equalTo(1))
                .body("datasetId", equalTo(ds))
                .body("purpose", equalTo("ai-training"))
                .body("expiresAt", notNullValue())
                .extract().path("id");
        String expiresAt = given().auth().oauth2(Tokens.consumer(consumer)).get("/api/quotes/" + id)
                .then().statusCode(200).body("amount", equalTo(7500)).extract().path("expiresAt");
        Duration validity = Duration.between(before, Instant.parse(expiresAt));
        assertThat(validity).isBetween(Duration.ofMinutes(14), Duration.ofMinutes(16));

        assertThat(Rows.count(db, "SELECT count(*) FROM quote_member "
                + "WHERE quote_id = cast($1 as uuid)", id)).isEqualTo(3);
        List<String> events = strings("SELECT payload FROM outbox WHERE event_key = $1", id);
        assertThat(events).hasSize(1);
        assertThat(EventSchemas.problems(events.get(0))).isEmpty();
        assertThat(events.get(0)).contains("\"type\":\"quote.issued\"");
    }

    @Test
    void minimumPriceAppliesToSmallCohortsAndAnAllowedPurposeNotListedCostsX1() {
        String provider = newId("provider");
        String ds = dataset(provider, "ai-training", "academic-research");
        consentingMembers(ds, 2, 5, "academic-research", null);
        putPrice(provider, ds, priceBody(10, "{\"ai-training\": 30000}", 1000));

        postQuote(newId("consumer"), ds, "academic-research").then().statusCode(201)
                .body("amount", equalTo(1000)).body("records", equalTo(10));
    }

    @Test
    void subjectsWhoDoNotConsentOrWhoseReserveIsNotMetAreNotInTheCohort() {
        String provider = newId("provider");
        String ds = dataset(provider, "ai-training");
        List<String> members = consentingMembers(ds, 4, 10, "ai-training", 5L);
        consent.revokeForDataset(members.get(0), ds, "ai-training");
        consent.grantForDataset(members.get(1), ds, "ai-training", 11L); // reserve above the price of 10
        catalog.addMember(ds, "never-consented", 10);
        putPrice(provider, ds, priceBody(10, "{}", 0));

        String id = postQuote(newId("consumer"), ds, "ai-training").then().statusCode(201)
                .body("subjects", equalTo(2)).body("records", equalTo(20)).body("amount", equalTo(200))
                .extract().path("id");
        assertThat(strings("SELECT subject_id FROM quote_member WHERE quote_id = cast($1 as uuid) ORDER BY subject_id", id))
                .containsExactly(members.get(2), members.get(3));
    }

    @Test
    void aProviderScopedConsentCoversTheDataset() {
        String provider = newId("provider");
        String ds = dataset(provider, "ai-training");
        catalog.addMember(ds, "by-provider", 7);
        consent.grantForProvider("by-provider", provider, "ai-training", null);
        putPrice(provider, ds, priceBody(3, "{}", 0));
        postQuote(newId("consumer"), ds, "ai-training").then().statusCode(201).body("amount", equalTo(21));
    }

    @Test
    void aPurposeTheDatasetDoesNotAllowIsAClear422NotAZeroQuote() {
        String provider = newId("provider");
        String ds = dataset(provider, "academic-research");
        consentingMembers(ds, 2, 5, "personalised-advertising", null);
        putPrice(provider, ds, priceBody(10, "{}", 0));
        String consumer = newId("consumer");
        postQuote(consumer, ds, "personalised-advertising").then().statusCode(422)
                .contentType("application/problem+json")
                .body("detail", containsString("does not allow purpose personalised-advertising"));
        assertThat(quotesOf(consumer)).isZero();
    }

    @Test
    void aWithdrawnDatasetIsGone() {
        String provider = newId("provider");
        String ds = dataset(provider, "ai-training");
        consentingMembers(ds, 2, 5, "ai-training", null);
        putPrice(provider, ds, priceBody(10, "{}", 0));
        catalog.withdraw(ds);
        String consumer = newId("consumer");
        postQuote(consumer, ds, "ai-training").then().statusCode(410).body("detail", containsString("withdrawn"));
        assertThat(quotesOf(consumer)).isZero();
    }

    @Test
    void anEmptyCohortIsAClear422() {
        String provider = newId("provider");
        String ds = dataset(provider, "ai-training");
        List<String> members = consentingMembers(ds, 2, 5, "ai-training", null);
        members.forEach(s -> consent.revokeForDataset(s, ds, "ai-training"));
        putPrice(provider, ds, priceBody(10, "{}", 0));
        String consumer = newId("consumer");
        postQuote(consumer, ds, "ai-training").then().statusCode(422).body("detail", containsString("nothing to quote"));
        assertThat(quotesOf(consumer)).isZero();
    }

    @Test
    void anUnpricedDatasetCannotBeQuotedAndAnUnknownOneIsNotFound() {
        String provider = newId("provider");
        String ds = dataset(provider, "ai-training");
        consentingMembers(ds, 1, 5, "ai-training", null);
        String consumer = newId("consumer");
        postQuote(consumer, ds, "ai-training").then().statusCode(409).body("detail", containsString("no price"));
        postQuote(consumer, "no-such-dataset", "ai-training").then().statusCode(404);
        assertThat(quotesOf(consumer)).isZero();
    }

    @Test
    void consentServiceDownMeansNoQuoteNot500() {
        String provider = newId("provider");
        String ds = dataset(provider, "ai-training");
        consentingMembers(ds, 1, 5, "ai-training", null);
        putPrice(provider, ds, priceBody(10, "{}", 0));
        String consumer = newId("consumer");
        consent.down = true;
        try {
            postQuote(consumer, ds, "ai-training").then().statusCode(503).contentType("application/problem+json");
        } finally {
            consent.down = false;
        }
        assertThat(quotesOf(consumer)).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"datasetId\": \"x\", \"purpose\": \"mind-reading\"}",
            "{\"datasetId\": \"x\"}",
            "{\"purpose\": \"ai-training\"}",
            "{\"datasetId\": \"bad id with spaces\", \"purpose\": \"ai-training\"}",
            "{\"datasetId\": 42, \"purpose\": [\"ai-training\"]}",
            "{\"datasetId\": \"x\", \"purpose\": \"ai-training\"",
            ""
    })
    void badQuoteRequestsAre400AndWriteNothing(String body) {
        String consumer = newId("consumer");
        given().auth().oauth2(Tokens.consumer(consumer)).contentType(ContentType.JSON).body(body).post("/api/quotes")
                .then().statusCode(400).contentType("application/problem+json");
        assertThat(quotesOf(consumer)).isZero();
    }

    @Test
    void anotherConsumersQuoteIsNotFoundAndWrongCallersAreRefused() {
        String provider = newId("provider");
        String ds = dataset(provider, "ai-training");
        consentingMembers(ds, 1, 5, "ai-training", null);
        putPrice(provider, ds, priceBody(10, "{}", 0));
        String owner = newId("consumer");
        String id = quote(owner, ds, "ai-training");

        given().auth().oauth2(Tokens.consumer(newId("consumer"))).get("/api/quotes/" + id)
                .then().statusCode(404).body("detail", org.hamcrest.Matchers.not(containsString(owner)));
        given().auth().oauth2(Tokens.consumer(owner)).get("/api/quotes/not-a-uuid").then().statusCode(404);
        given().get("/api/quotes/" + id).then().statusCode(401);
        given().auth().oauth2(Tokens.expired(owner, "consumer")).get("/api/quotes/" + id).then().statusCode(401);
        given().auth().oauth2(Tokens.tampered(owner)).get("/api/quotes/" + id).then().statusCode(401);
        given().auth().oauth2(Tokens.provider(owner)).get("/api/quotes/" + id).then().statusCode(403);

        String body = "{\"datasetId\": \"%s\", \"purpose\": \"ai-training\"}".formatted(ds);
        given().contentType(ContentType.JSON).body(body).post("/api/quotes").then().statusCode(401);
        given().auth().oauth2(Tokens.signedByAnotherKey(owner, "consumer")).contentType(ContentType.JSON).body(body)
                .post("/api/quotes").then().statusCode(401);
        given().auth().oauth2(Tokens.subject(owner)).contentType(ContentType.JSON).body(body).post("/api/quotes")
                .then().statusCode(403);
        assertThat(quotesOf(owner)).isEqualTo(1);
    }

    @Test
    void quotesAreCountedPerPurposeInMetrics() {
        String provider = newId("provider");
        String ds = dataset(provider, "public-health");
        consentingMembers(ds, 1, 5, "public-health", null);
        putPrice(provider, ds, priceBody(10, "{}", 0));
        quote(newId("consumer"), ds, "public-health");
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("exchange_quotes_total{purpose=\"public-health\"}"));
    }
}

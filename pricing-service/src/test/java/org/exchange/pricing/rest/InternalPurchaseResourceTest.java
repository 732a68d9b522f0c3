package org.exchange.pricing.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.exchange.pricing.support.PricingTestBase;
import org.exchange.testing.TestEvents;
import org.exchange.testing.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The purchases as pricing holds them, for services only (payout confirms every purchase it books
 * and reconciles the ledger with these): one by id, and many at once.
 */
@QuarkusTest
class InternalPurchaseResourceTest extends PricingTestBase {

    static final String PAYOUT = Tokens.service("payout-service");

    record Bought(String provider, String dataset, String consumer, List<String> subjects, String quoteId,
                  ExtractableResponse<Response> response) {
        String id() {
            return response.path("id");
        }
    }

    /** A purchase of {@code n} subjects (10 records each at 10 per record) by a new consumer. */
    Bought buy(int n) {
        String provider = newId("provider");
        String ds = dataset(provider, "ai-training");
        List<String> subjects = consentingMembers(ds, n, 10, "ai-training", null);
        putPrice(provider, ds, priceBody(10, "{}", 0));
        String consumer = newId("consumer");
        String quote = quote(consumer, ds, "ai-training");
        return new Bought(provider, ds, consumer, subjects, quote,
                postPurchase(consumer, "k", quote).then().statusCode(201).extract());
    }

    static ValidatableResponse lookup(Object ids) {
        return given().auth().oauth2(PAYOUT).contentType(ContentType.JSON).body(TestEvents.json(ids))
                .post("/internal/purchases/lookup").then().statusCode(200);
    }

    @Test
    void aPurchaseIsServedToServicesExactlyAsPricingHoldsIt() {
        Bought b = buy(3);
        String id = b.id();
        given().auth().oauth2(PAYOUT).get("/internal/purchases/" + id).then().statusCode(200)
                .body("purchaseId", equalTo(id))
                .body("quoteId", equalTo(b.quoteId()))
                .body("consumerId", equalTo(b.consumer()))
                .body("providerId", equalTo(b.provider()))
                .body("datasetId", equalTo(b.dataset()))
                .body("purpose", equalTo("ai-training"))
                .body("amount", equalTo(300))
                .body("currency", equalTo("EUR"))
                .body("subjects", equalTo(3))
                .body("records", equalTo(30))
                .body("status", equalTo("COMPLETED"))
                .body("cohortRoot", equalTo(b.response().path("cohortRoot")))
                .body("cohortRoot", equalTo(strings("SELECT cohort_root FROM purchase WHERE id = cast($1 as uuid)", id)
                        .get(0)))
                .body("createdAt", notNullValue())
                .body("refundedAt", nullValue());

        // a refund is what pricing then holds: payout confirms purchase.refunded against it
        given().auth().oauth2(Tokens.of("ops", "admin")).contentType(ContentType.JSON).body("{}")
                .post("/api/purchases/" + id + "/refund").then().statusCode(200);
        given().auth().oauth2(PAYOUT).get("/internal/purchases/" + id).then().statusCode(200)
                .body("status", equalTo("REFUNDED")).body("amount", equalTo(300)).body("refundedAt", notNullValue())
                .body("cohortRoot", equalTo(b.response().path("cohortRoot")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"00000000-0000-4000-8000-000000000000", "not-a-uuid", "1", "purchase.1"})
    void anUnknownOrMalformedPurchaseIdIs404(String id) {
        given().auth().oauth2(PAYOUT).get("/internal/purchases/" + id).then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void onlyServicesMayReadPurchasesHere() {
        Bought b = buy(1);
        String one = "/internal/purchases/" + b.id();
        String ids = TestEvents.json(List.of(b.id()));
        given().get(one).then().statusCode(401);
        given().contentType(ContentType.JSON).body(ids).post("/internal/purchases/lookup").then().statusCode(401);
        given().auth().oauth2(Tokens.wrongAudience("payout-service", "service")).get(one).then().statusCode(401);
        given().auth().oauth2(Tokens.signedByAnotherKey("payout-service", "service")).get(one).then().statusCode(401);
        given().auth().oauth2(Tokens.expired("payout-service", "service")).get(one).then().statusCode(401);
        // not even the buyer: a subject, a consumer (the owner included), a provider, an auditor
        for (String token : List.of(Tokens.subject(b.subjects().get(0)), Tokens.consumer(b.consumer()),
                Tokens.provider(b.provider()), Tokens.auditor("auditor"))) {
            given().auth().oauth2(token).get(one).then().statusCode(403);
            given().auth().oauth2(token).contentType(ContentType.JSON).body(ids).post("/internal/purchases/lookup")
                    .then().statusCode(403);
        }
        given().auth().oauth2(PAYOUT).get(one).then().statusCode(200).body("purchaseId", equalTo(b.id()));
    }

    @Test
    void aLookupReturnsExactlyTheKnownPurchasesOfAMixedList() {
        Bought first = buy(2);
        Bought second = buy(1);
        Bought refunded = buy(1);
        given().auth().oauth2(Tokens.of("ops", "admin")).contentType(ContentType.JSON).body("{}")
                .post("/api/purchases/" + refunded.id() + "/refund").then().statusCode(200);
        String unknown = UUID.randomUUID().toString();
        String quoteNotPurchase = first.quoteId(); // a real id of pricing's, but not of a purchase

        ExtractableResponse<Response> found = lookup(List.of(unknown, first.id(), "not-a-uuid", second.id(),
                quoteNotPurchase, "", refunded.id(), first.id(), "' OR 1=1 --")).extract();
        List<Map<String, Object>> purchases = found.jsonPath().getList("purchases");
        assertThat(purchases).extracting(p -> (String) p.get("purchaseId"))
                .containsExactlyInAnyOrder(first.id(), second.id(), refunded.id());
        // each as GET /internal/purchases/{id} serves it
        for (Map<String, Object> p : purchases) {
            Map<String, Object> one = given().auth().oauth2(PAYOUT).get("/internal/purchases/" + p.get("purchaseId"))
                    .then().statusCode(200).extract().jsonPath().getMap("");
            assertThat(p).isEqualTo(one);
        }
        Map<String, Map<String, Object>> byId = purchases.stream()
                .collect(Collectors.toMap(p -> (String) p.get("purchaseId"), p -> p));
        assertThat(byId.get(first.id())).containsEntry("amount", 200).containsEntry("subjects", 2)
                .containsEntry("status", "COMPLETED").containsEntry("cohortRoot", first.response().path("cohortRoot"));
        assertThat(byId.get(refunded.id())).containsEntry("status", "REFUNDED");

        // nothing known, nothing found; an empty list is a valid question
        lookup(List.of(unknown, "not-a-uuid")).body("purchases", hasSize(0));
        lookup(List.of()).body("purchases", hasSize(0));
    }

    @Test
    void aLookupOfAtMost1000IdsIsAnsweredAndMoreIs400() {
        Bought b = buy(1);
        List<String> thousand = new ArrayList<>(IntStream.range(0, 999).mapToObj(i -> UUID.randomUUID().toString())
                .toList());
        thousand.add(b.id());
        lookup(thousand).body("purchases", hasSize(1)).body("purchases[0].purchaseId", equalTo(b.id()));

        List<String> tooMany = new ArrayList<>(thousand);
        tooMany.add(UUID.randomUUID().toString());
        given().auth().oauth2(PAYOUT).contentType(ContentType.JSON).body(TestEvents.json(tooMany))
                .post("/internal/purchases/lookup").then().statusCode(400).contentType("application/problem+json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"ids\": []}", "\"00000000-0000-4000-8000-000000000000\"", "7", "null", "[null]",
            "[[\"a\"]]", "[{}]", "[", "not json", ""})
    void aLookupBodyThatIsNotAnArrayOfIdsIs400(String body) {
        given().auth().oauth2(PAYOUT).contentType(ContentType.JSON).body(body).post("/internal/purchases/lookup")
                .then().statusCode(400).contentType("application/problem+json");
    }
}

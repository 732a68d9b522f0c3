package org.exchange.pricing.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import org.exchange.pricing.support.PricingTestBase;
import org.exchange.testing.Rows;
import org.exchange.testing.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
class PriceBookResourceTest extends PricingTestBase {

    long versionsOf(String datasetId) {
        return Rows.count(db, "SELECT count(*) FROM price_book WHERE dataset_id = $1", datasetId);
    }

    @Test
    void providerPricesOwnDatasetAndEveryChangeIsANewVersionReadableByAnyone() {
        String provider = newId("provider");
        String ds = dataset(provider, "ai-training", "academic-research");

        given().auth().oauth2(Tokens.provider(provider)).contentType(ContentType.JSON)
                .body("""
                        {"currency": "EUR", "pricePerRecord": 12, "purposeMultipliers": {"ai-training": 25000},
                         "minimumPrice": 500, "volumeTiers": [{"fromRecords": 1000, "multiplierBps": 8000}]}""")
                .put("/api/datasets/" + ds + "/price")
                .then().statusCode(200)
                .body("version", equalTo(1))
                .body("pricePerRecord", equalTo(12))
                .body("purposeMultipliers.ai-training", equalTo(25000))
                .body("volumeTiers[0].fromRecords", equalTo(1000));
        putPrice(provider, ds, priceBody(15, "{}", 0));

        given().auth().oauth2(Tokens.subject(newId("subject"))).get("/api/datasets/" + ds + "/price")
                .then().statusCode(200)
                .body("version", equalTo(2))
                .body("pricePerRecord", equalTo(15))
                .body("currency", equalTo("EUR"));
        assertThat(versionsOf(ds)).isEqualTo(2);
    }

    @Test
    void anotherProvidersDatasetIsNotFoundAndKeepsItsPrice() {
        String owner = newId("provider");
        String ds = dataset(owner, "ai-training");
        putPrice(owner, ds, priceBody(10, "{}", 0));

        given().auth().oauth2(Tokens.provider(newId("intruder"))).contentType(ContentType.JSON)
                .body(priceBody(1, "{}", 0))
                .put("/api/datasets/" + ds + "/price")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("detail", containsString("not found"));
        assertThat(versionsOf(ds)).isEqualTo(1);
        // the owner's price is untouched, not overwritten in place
        given().auth().oauth2(Tokens.subject(newId("subject"))).get("/api/datasets/" + ds + "/price")
                .then().statusCode(200).body("version", equalTo(1)).body("pricePerRecord", equalTo(10));
    }

    @Test
    void unknownDatasetIsNotFound() {
        given().auth().oauth2(Tokens.provider(newId("provider"))).contentType(ContentType.JSON)
                .body(priceBody(1, "{}", 0)).put("/api/datasets/no-such-dataset/price")
                .then().statusCode(404);
        given().auth().oauth2(Tokens.consumer(newId("consumer"))).get("/api/datasets/no-such-dataset/price")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void aPurposeTheDatasetDoesNotAllowIs400() {
        String provider = newId("provider");
        String ds = dataset(provider, "academic-research");
        given().auth().oauth2(Tokens.provider(provider)).contentType(ContentType.JSON)
                .body(priceBody(10, "{\"personalised-advertising\": 30000}", 0))
                .put("/api/datasets/" + ds + "/price")
                .then().statusCode(400)
                .body("detail", containsString("personalised-advertising"));
        assertThat(versionsOf(ds)).isZero();
    }

    @Test
    void aForeignCurrencyIs400() {
        String provider = newId("provider");
        String ds = dataset(provider, "ai-training");
        given().auth().oauth2(Tokens.provider(provider)).contentType(ContentType.JSON)
                .body(priceBody(10, "{}", 0).replace("EUR", "USD"))
                .put("/api/datasets/" + ds + "/price")
                .then().statusCode(400).body("detail", containsString("EUR"));
        assertThat(versionsOf(ds)).isZero();
    }

    @Test
    void aWithdrawnDatasetCannotBePriced() {
        String provider = newId("provider");
        String ds = dataset(provider, "ai-training");
        catalog.withdraw(ds);
        given().auth().oauth2(Tokens.provider(provider)).contentType(ContentType.JSON)
                .body(priceBody(10, "{}", 0)).put("/api/datasets/" + ds + "/price")
                .then().statusCode(409);
        assertThat(versionsOf(ds)).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"currency\": \"EUR\", \"pricePerRecord\": 0, \"minimumPrice\": 0}",
            "{\"currency\": \"EUR\", \"pricePerRecord\": -5, \"minimumPrice\": 0}",
            "{\"currency\": \"EUR\", \"pricePerRecord\": 1000000001, \"minimumPrice\": 0}",
            "{\"currency\": \"EUR\", \"pricePerRecord\": 99999999999999999999999, \"minimumPrice\": 0}",
            "{\"currency\": \"EUR\", \"pricePerRecord\": 12.5, \"minimumPrice\": 0}",
            "{\"currency\": \"EUR\", \"pricePerRecord\": \"12\", \"minimumPrice\": 0}",
            "{\"currency\": \"EUR\", \"pricePerRecord\": 10, \"minimumPrice\": -1}",
            "{\"currency\": \"EUR\", \"pricePerRecord\": 10, \"minimumPrice\": 1000000000000000001}",
            "{\"currency\": \"EUR\", \"pricePerRecord\": 10}",
            "{\"currency\": \"eur\", \"pricePerRecord\": 10, \"minimumPrice\": 0}",
            "{\"pricePerRecord\": 10, \"minimumPrice\": 0}",
            "{\"currency\": \"EUR\", \"pricePerRecord\": 10, \"minimumPrice\": 0, \"purposeMultipliers\": {\"mind-reading\": 10000}}",
            "{\"currency\": \"EUR\", \"pricePerRecord\": 10, \"minimumPrice\": 0, \"purposeMultipliers\": {\"ai-training\": 0}}",
            "{\"currency\": \"EUR\", \"pricePerRecord\": 10, \"minimumPrice\": 0, \"purposeMultipliers\": {\"ai-training\": 100001}}",
            "{\"currency\": \"EUR\", \"pricePerRecord\": 10, \"minimumPrice\": 0, \"volumeTiers\": [{\"fromRecords\": 100, \"multiplierBps\": 10001}]}",
            "{\"currency\": \"EUR\", \"pricePerRecord\": 10, \"minimumPrice\": 0, \"volumeTiers\": [{\"fromRecords\": 0, \"multiplierBps\": 9000}]}",
            "{\"currency\": \"EUR\", \"pricePerRecord\": 10, \"minimumPrice\": 0, \"volumeTiers\": [{\"fromRecords\": 500, \"multiplierBps\": 9000}, {\"fromRecords\": 500, \"multiplierBps\": 8000}]}",
            "{\"currency\": \"EUR\", \"pricePerRecord\": 10, \"minimumPrice\": 0, \"volumeTiers\": [null]}",
            "{\"currency\": \"EUR\", \"pricePerRecord\": 10, \"minimumPrice\": 0",
            "[]",
            ""
    })
    void badPriceBooksAre400ProblemsAndChangeNothing(String body) {
        String provider = newId("provider");
        String ds = dataset(provider, "ai-training");
        given().auth().oauth2(Tokens.provider(provider)).contentType(ContentType.JSON).body(body)
                .put("/api/datasets/" + ds + "/price")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("detail", org.hamcrest.Matchers.not(containsString("Exception")));
        assertThat(versionsOf(ds)).isZero();
    }

    @Test
    void fieldErrorsNameTheField() {
        String provider = newId("provider");
        String ds = dataset(provider, "ai-training");
        given().auth().oauth2(Tokens.provider(provider)).contentType(ContentType.JSON)
                .body("{\"currency\": \"EUR\", \"pricePerRecord\": 0, \"minimumPrice\": 0}")
                .put("/api/datasets/" + ds + "/price")
                .then().statusCode(400)
                .body("errors.field", hasItem("pricePerRecord"));
    }

    @Test
    void wrongCallersAreRefusedAndNothingChanges() {
        String provider = newId("provider");
        String ds = dataset(provider, "ai-training");
        String body = priceBody(10, "{}", 0);
        String path = "/api/datasets/" + ds + "/price";

        given().contentType(ContentType.JSON).body(body).put(path).then().statusCode(401);
        given().get(path).then().statusCode(401);
        for (String token : List.of(Tokens.expired(provider, "provider"), Tokens.wrongIssuer(provider, "provider"),
                Tokens.wrongAudience(provider, "provider"), Tokens.signedByAnotherKey(provider, "provider"),
                Tokens.algNone(provider, "provider"), Tokens.tampered(provider))) {
            given().auth().oauth2(token).contentType(ContentType.JSON).body(body).put(path).then().statusCode(401);
        }
        given().auth().oauth2(Tokens.consumer(provider)).contentType(ContentType.JSON).body(body).put(path)
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(Tokens.subject(provider)).contentType(ContentType.JSON).body(body).put(path)
                .then().statusCode(403);
        assertThat(versionsOf(ds)).isZero();
    }
}

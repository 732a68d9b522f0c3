package org.exchange.catalog.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.exchange.catalog.Fixtures;
import org.junit.jupiter.api.Test;

/** Dataset changes and membership writes are counted, with tags, at /q/metrics. */
@QuarkusTest
class MetricsTest {

    @Test
    void changesAndMembershipWritesAreCounted() {
        String provider = Fixtures.newProvider();
        String id = Fixtures.publish(provider, "Metered", List.of("ai-training"));
        Fixtures.declare(provider, id, Fixtures.rows(List.of("metered-1", "metered-2"), 1));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("exchange_catalog_dataset_changes_total{change=\"PUBLISHED\""))
                .body(containsString("exchange_catalog_members_written_total{kind=\"inserted\""));
    }
}

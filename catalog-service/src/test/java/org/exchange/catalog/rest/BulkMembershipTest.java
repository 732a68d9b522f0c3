package org.exchange.catalog.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.exchange.catalog.Fixtures;
import org.exchange.testing.Rows;
import org.exchange.testing.Tokens;
import org.junit.jupiter.api.Test;

/**
 * 100,000 subjects through the public API in 10 batches of 10,000, then the reads that depend on
 * them. Prints the times (they are figures to watch, not assertions: CI machines vary).
 */
@QuarkusTest
class BulkMembershipTest {

    static final int BATCHES = 10;
    static final int BATCH = 10_000;

    @Inject
    Pool db;

    @Test
    void hundredThousandMembersUploadInTenBatches() {
        String provider = Fixtures.newProvider();
        String id = Fixtures.publish(provider, "Bulk", List.of("ai-training"));
        String run = UUID.randomUUID().toString().substring(0, 8);
        String[] bodies = new String[BATCHES];
        for (int b = 0; b < BATCHES; b++) {
            StringBuilder json = new StringBuilder(BATCH * 48).append('[');
            for (int i = 0; i < BATCH; i++) {
                int n = b * BATCH + i;
                json.append(i == 0 ? "" : ",").append("{\"subjectId\":\"bulk-").append(run).append('-').append(n)
                        .append("\",\"records\":").append(1 + n % 7).append('}');
            }
            bodies[b] = json.append(']').toString();
        }

        long start = System.nanoTime();
        for (String body : bodies) {
            given().auth().oauth2(Tokens.provider(provider)).contentType(ContentType.JSON).body(body)
                    .post("/api/datasets/" + id + "/subjects")
                    .then().statusCode(200);
        }
        long uploadMs = (System.nanoTime() - start) / 1_000_000;

        long resendStart = System.nanoTime();
        given().auth().oauth2(Tokens.provider(provider)).contentType(ContentType.JSON).body(bodies[3])
                .post("/api/datasets/" + id + "/subjects")
                .then().statusCode(200).extract().jsonPath();
        long resendMs = (System.nanoTime() - resendStart) / 1_000_000;

        assertThat(Fixtures.members(db, id)).isEqualTo(100_000);
        long expectedRecords = 0;
        for (int n = 0; n < BATCHES * BATCH; n++) {
            expectedRecords += 1 + n % 7;
        }
        assertThat(Rows.count(db, "SELECT sum(records) FROM dataset_member WHERE dataset_id = $1",
                UUID.fromString(id))).isEqualTo(expectedRecords);

        // half of them consent for the whole provider: the read computes the cohort on the fly
        Rows.exec(db, """
                        INSERT INTO consent_projection (consent_id, subject_id, scope_type, scope_id, purpose, status,
                                                        version, updated_at)
                        SELECT gen_random_uuid(), 'bulk-' || $1 || '-' || n, 'PROVIDER', $2, 'ai-training', 'GIVEN',
                               1, now()
                          FROM generate_series(0, 99999, 2) AS n""", run, provider);
        long readStart = System.nanoTime();
        JsonPath view = given().auth().oauth2(Tokens.consumer("c")).get("/api/datasets/" + id)
                .then().statusCode(200).extract().jsonPath();
        long readMs = (System.nanoTime() - readStart) / 1_000_000;
        assertThat(view.getLong("members.subjects")).isEqualTo(100_000);
        assertThat(view.getLong("consenting[0].subjects")).isEqualTo(50_000);

        long walkStart = System.nanoTime();
        String after = null;
        long walked = 0;
        do {
            var request = given().auth().oauth2(Tokens.service("pricing-service")).queryParam("limit", 50_000);
            if (after != null) {
                request.queryParam("after", after);
            }
            JsonPath page = request.get("/internal/datasets/" + id + "/members").then().statusCode(200)
                    .extract().jsonPath();
            walked += page.getList("members").size();
            after = page.getString("next");
        } while (after != null);
        long walkMs = (System.nanoTime() - walkStart) / 1_000_000;
        assertThat(walked).isEqualTo(100_000);

        System.out.printf("BENCH catalog: 100,000 members in %d batches of %d via the API: %d ms (%.0f rows/s); "
                        + "re-sending one batch: %d ms; reading the dataset with 50,000 consenting: %d ms; "
                        + "walking /internal members at 50,000 a page: %d ms%n",
                BATCHES, BATCH, uploadMs, 100_000 * 1000.0 / uploadMs, resendMs, readMs, walkMs);
    }
}

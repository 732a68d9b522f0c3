package org.exchange.e2e;

import static org.exchange.e2e.Stack.as;
import static org.exchange.e2e.Stack.idOf;

import io.restassured.http.ContentType;
import org.exchange.contract.Headers;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The whole story of the exchange, through the gateway only, with real Keycloak tokens. The
 * demo ({@code ./exchange demo}) prints it; the end-to-end test plays the same steps. Every step
 * checks its result and throws {@link AssertionError} when it is wrong.
 */
public final class Story {

    /** What the story learnt on the way, for tests that go on from there. */
    public record Outcome(String datasetId, String purchaseId, long amount, long alicePending, String payoutId,
                          String payoutStatus) {
    }

    private final Consumer<String> out;

    public Story(Consumer<String> out) {
        this.out = out;
    }

    public Outcome play() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String alice = idOf("alice");
        String bob = idOf("bob");
        String acme = idOf("acme-health");

        step("acme-health (provider) lists a dataset of wearable step counts for ai-training and academic research");
        String datasetId = as("acme-health").contentType(ContentType.JSON).body(Map.of(
                        "title", "Wearable step counts " + run,
                        "description", "Daily step counts and resting heart rate from consenting wearable users",
                        "categories", List.of("steps", "heart-rate"),
                        "allowedPurposes", List.of("ai-training", "academic-research"),
                        "schema", Map.of("day", "date", "steps", "integer", "restingHeartRate", "integer"),
                        "licenceTerms", "Use only for the licensed purpose; no re-identification."))
                .post("/api/datasets").then().statusCode(201).extract().path("id");
        say("dataset " + datasetId + " (revision 1)");

        step("alice consents to ai-training for everything acme-health holds; bob consents for this dataset with a "
                + "reserve of 2 cents a record, and to advertising, which the dataset does not allow");
        grant("alice", Map.of("providerId", acme, "purpose", "ai-training", "dataCategories", List.of("steps", "heart-rate")));
        String bobConsent = grant("bob", Map.of("datasetId", datasetId, "purpose", "ai-training",
                "dataCategories", List.of("steps"), "minPricePerRecord", 2));
        grant("bob", Map.of("datasetId", datasetId, "purpose", "personalised-advertising", "dataCategories", List.of("steps")));

        step("acme-health declares who contributes: alice 120 records, bob 80, carol 50 (carol never consented)");
        as("acme-health").contentType(ContentType.JSON).body(List.of(
                        Map.of("subjectId", alice, "records", 120), Map.of("subjectId", bob, "records", 80),
                        Map.of("subjectId", "carol-" + run, "records", 50)))
                .post("/api/datasets/" + datasetId + "/subjects").then().statusCode(200);

        step("acme-health prices it: 10 cents a record, ai-training x1.5, minimum 1.00 EUR");
        as("acme-health").contentType(ContentType.JSON).body(Map.of("currency", "EUR", "pricePerRecord", 10,
                        "purposeMultipliers", Map.of("ai-training", 15000), "minimumPrice", 100))
                .put("/api/datasets/" + datasetId + "/price").then().statusCode(200);

        step("ai-lab (consumer) searches for ai-training data and sees who consents");
        JsonPath found = eventually("the catalog to count alice and bob as consenting", () -> {
            JsonPath page = as("ai-lab").queryParam("q", run).queryParam("purpose", "ai-training").get("/api/datasets")
                    .then().statusCode(200).extract().jsonPath();
            List<Map<String, Object>> consenting = page.getList("items[0].consenting");
            return consenting != null && consenting.stream().anyMatch(c -> "ai-training".equals(c.get("purpose"))
                    && ((Number) c.get("subjects")).intValue() == 2) ? page : null;
        });
        say("found " + found.getString("items[0].title") + ": consenting " + found.getList("items[0].consenting"));

        step("ai-lab asks for a quote for ai-training");
        JsonPath quote = as("ai-lab").contentType(ContentType.JSON).body(Map.of("datasetId", datasetId, "purpose", "ai-training"))
                .post("/api/quotes").then().statusCode(201).extract().jsonPath();
        check(quote.getInt("subjects") == 2, "the quote covers alice and bob: " + quote.prettify());
        check(quote.getLong("records") == 200, "the quote covers 200 records: " + quote.prettify());
        check(quote.getLong("amount") == 3000, "200 records x 10 cents x 1.5 = 3000 cents: " + quote.prettify());
        say("quote " + quote.getString("id") + ": " + quote.getLong("amount") + " " + quote.getString("currency")
                + " minor units for " + quote.getInt("subjects") + " subjects, " + quote.getLong("records") + " records");

        step("ai-lab buys it (the same Idempotency-Key twice is one purchase)");
        String key = "demo-" + run;
        Response bought = as("ai-lab").header(Headers.IDEMPOTENCY_KEY, key).contentType(ContentType.JSON)
                .body(Map.of("quoteId", quote.getString("id"))).post("/api/purchases");
        check(bought.statusCode() == 201, "purchase is 201: " + bought.asString());
        check("false".equals(bought.header(Headers.IDEMPOTENT_REPLAYED)), "the first answer is no replay");
        String purchaseId = bought.path("id");
        Response again = as("ai-lab").header(Headers.IDEMPOTENCY_KEY, key).contentType(ContentType.JSON)
                .body(Map.of("quoteId", quote.getString("id"))).post("/api/purchases");
        check(again.statusCode() == 201 && bought.asString().equals(again.asString()),
                "a repeated Idempotency-Key returns the same purchase: " + again.asString());
        check("true".equals(again.header(Headers.IDEMPOTENT_REPLAYED)),
                "the repeat says it is a replay, through the gateway");
        Response other = as("ai-lab").header(Headers.IDEMPOTENCY_KEY, key).contentType(ContentType.JSON)
                .body(Map.of("quoteId", UUID.randomUUID().toString())).post("/api/purchases");
        check(other.statusCode() == 422, "the same key with another request is 422: " + other.asString());
        long amount = ((Number) bought.path("amount")).longValue();
        say("purchase " + purchaseId + ": " + amount + " EUR minor units, " + bought.path("subjects") + " subjects");

        step("bob revokes; the next quote excludes him");
        as("bob").post("/api/consents/" + bobConsent + "/revoke").then().statusCode(200);
        JsonPath next = as("ai-lab").contentType(ContentType.JSON).body(Map.of("datasetId", datasetId, "purpose", "ai-training"))
                .post("/api/quotes").then().statusCode(201).extract().jsonPath();
        check(next.getInt("subjects") == 1 && next.getLong("records") == 120 && next.getLong("amount") == 1800,
                "after bob's revocation the quote is alice's 120 records for 1800: " + next.prettify());
        say("new quote: " + next.getLong("amount") + " for " + next.getInt("subjects") + " subject");

        step("the purchase is split: alice sees what she earned, from whom and for what");
        JsonPath line = eventually("alice's statement to name the purchase", () -> {
            JsonPath earnings = as("alice").get("/api/earnings").then().statusCode(200).extract().jsonPath();
            List<Map<String, Object>> lines = earnings.getList("lines");
            return lines.stream().anyMatch(l -> purchaseId.equals(l.get("purchaseId"))) ? earnings : null;
        });
        Map<String, Object> mine = line.<Map<String, Object>>getList("lines").stream()
                .filter(l -> purchaseId.equals(l.get("purchaseId"))).findFirst().orElseThrow();
        check("ai-training".equals(mine.get("purpose")), "the line names the purpose: " + mine);
        check(idOf("ai-lab").equals(mine.get("buyerId")), "the line names the buyer: " + mine);
        check(((Number) mine.get("amount")).longValue() == 1260, "alice earns 1260 of 3000 (10% platform, 20% provider, "
                + "120/200 of the rest): " + mine);
        say("alice's line: " + mine);

        step("alice cashes out once her earnings are available");
        eventually("alice's earnings to become available", () -> {
            long available = ((Number) as("alice").get("/api/earnings").path("balance.available")).longValue();
            return available >= 1260 ? available : null;
        });
        io.restassured.path.json.JsonPath before = as("alice").get("/api/earnings").then().statusCode(200).extract().jsonPath();
        String payoutId = as("alice").header(Headers.IDEMPOTENCY_KEY, "cash-out-" + run).contentType(ContentType.JSON)
                .body(Map.of("amount", 1260)).post("/api/payouts").then().statusCode(202).extract().path("id");
        String status = eventually("the payout to settle", () -> {
            String s = as("alice").get("/api/payouts/" + payoutId).then().statusCode(200).extract().path("status");
            return "PAID".equals(s) || "FAILED".equals(s) ? s : null;
        });
        say("payout " + payoutId + ": " + status);
        io.restassured.path.json.JsonPath after = as("alice").get("/api/earnings").then().statusCode(200).extract().jsonPath();
        if ("PAID".equals(status)) {
            check(after.getLong("balance.paidOut") - before.getLong("balance.paidOut") == 1260,
                    "exactly the 1260 paid out are in alice's paid-out balance");
        } else {
            check(after.getLong("balance.available") >= before.getLong("balance.available"),
                    "a failed payout returns the 1260 to alice's available balance");
        }

        step("the auditor verifies the ledger and the consent chains");
        as("auditor").get("/api/ledger/verify").then().statusCode(200);
        boolean balanced = as("auditor").get("/api/ledger/verify").path("balanced");
        check(balanced, "the ledger balances");
        boolean verified = as("auditor").get("/api/audit/consent-chains").path("verified");
        check(verified, "every consent chain verifies");
        say("ledger balanced, consent chains verified");
        return new Outcome(datasetId, purchaseId, amount, 1260, payoutId, status);
    }

    private String grant(String user, Map<String, Object> body) {
        return as(user).contentType(ContentType.JSON).body(body).post("/api/consents").then().statusCode(201)
                .extract().path("id");
    }

    private void step(String what) {
        out.accept("\n== " + what);
    }

    private void say(String what) {
        out.accept("   " + what);
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError("story step failed: " + what);
        }
    }

    /** Polls until {@code probe} returns non-null: events take a moment to cross services. */
    static <T> T eventually(String what, Supplier<T> probe) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        AssertionError last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                T value = probe.get();
                if (value != null) {
                    return value;
                }
            } catch (AssertionError e) {
                last = e;
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
        throw new AssertionError("timed out waiting for " + what, last);
    }

    /** {@code ./exchange demo}: plays the story and prints it; exits non-zero if a step is wrong. */
    public static void main(String[] args) {
        try {
            Outcome outcome = new Story(System.out::println).play();
            System.out.println("\nThe story played through: " + outcome);
        } catch (AssertionError | RuntimeException e) {
            System.err.println("\nDEMO FAILED: " + e.getMessage());
            System.exit(1);
        }
    }
}

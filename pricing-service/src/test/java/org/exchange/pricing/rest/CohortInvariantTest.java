package org.exchange.pricing.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.exchange.pricing.service.PricingRule;
import org.exchange.pricing.support.PricingTestBase;
import org.junit.jupiter.api.Test;

/**
 * Invariant 3 under random sequences of grants, revocations (dataset- and provider-scoped),
 * reserve changes, quotes and purchases: no quote or purchase ever holds a subject whose
 * revocation was acknowledged before it, a purchase only ever shrinks its quote's cohort, and
 * its amount is the rule applied to exactly that cohort, never more than the quote.
 */
@QuarkusTest
class CohortInvariantTest extends PricingTestBase {

    static final int CASES = 60;
    static final int STEPS = 30;
    static final long PRICE = 10;

    /** The model's view of one subject: which consents are given, and the reserve. */
    static final class Model {
        final Map<String, Boolean> byDataset = new HashMap<>();
        final Map<String, Boolean> byProvider = new HashMap<>();
        final Map<String, Long> reserve = new HashMap<>();
        final Map<String, Long> records = new TreeMap<>();

        boolean eligible(String s) {
            boolean dataset = byDataset.getOrDefault(s, false);
            boolean provider = byProvider.getOrDefault(s, false);
            // the dataset-scoped consent wins when both are given (its reserve is the one in force)
            Long r = reserve.get(s + (dataset ? "|d" : "|p"));
            return (dataset || provider) && (r == null || r <= PRICE);
        }
    }

    record OpenQuote(String id, TreeSet<String> cohort, long amount) {
    }

    @Test
    void randomSequencesNeverSellARevokedSubject() {
        long seed = Long.getLong("cohort.seed", 20261124L);
        Random random = new Random(seed);
        int quotesChecked = 0;
        int purchasesChecked = 0;
        for (int c = 0; c < CASES; c++) {
            String provider = newId("provider");
            String ds = dataset(provider, "ai-training");
            putPrice(provider, ds, priceBody(PRICE, "{}", 0));
            String consumer = newId("consumer");
            Model m = new Model();
            List<String> subjects = new ArrayList<>();
            for (int i = 0, n = 3 + random.nextInt(8); i < n; i++) {
                String s = ds + "-s" + i;
                long records = 1 + random.nextInt(20);
                subjects.add(s);
                catalog.addMember(ds, s, records);
                m.records.put(s, records);
            }
            List<OpenQuote> open = new ArrayList<>();
            for (int step = 0; step < STEPS; step++) {
                String s = subjects.get(random.nextInt(subjects.size()));
                String where = "case " + c + " step " + step + " (seed " + seed + ")";
                switch (random.nextInt(7)) {
                    case 0, 1 -> { // grant or renew, sometimes with a reserve above the price
                        Long reserve = switch (random.nextInt(4)) {
                            case 0 -> null;
                            case 1 -> PRICE;
                            case 2 -> PRICE + 1;
                            default -> 1L;
                        };
                        if (random.nextBoolean()) {
                            consent.grantForDataset(s, ds, "ai-training", reserve);
                            m.byDataset.put(s, true);
                            m.reserve.put(s + "|d", reserve);
                        } else {
                            consent.grantForProvider(s, provider, "ai-training", reserve);
                            m.byProvider.put(s, true);
                            m.reserve.put(s + "|p", reserve);
                        }
                    }
                    case 2 -> { // revoke; acknowledged when this returns
                        if (random.nextBoolean()) {
                            consent.revokeForDataset(s, ds, "ai-training");
                            m.byDataset.put(s, false);
                        } else {
                            consent.revokeForProvider(s, provider, "ai-training");
                            m.byProvider.put(s, false);
                        }
                    }
                    case 3, 4 -> { // quote
                        TreeSet<String> expected = new TreeSet<>(subjects.stream().filter(m::eligible).toList());
                        Response r = postQuote(consumer, ds, "ai-training");
                        if (expected.isEmpty()) {
                            assertThat(r.statusCode()).as(where).isEqualTo(422);
                            break;
                        }
                        assertThat(r.statusCode()).as(where).isEqualTo(201);
                        String id = r.path("id");
                        TreeSet<String> cohort = new TreeSet<>(strings(
                                "SELECT subject_id FROM quote_member WHERE quote_id = cast($1 as uuid)", id));
                        assertThat(cohort).as(where + ": quote cohort").isEqualTo(expected);
                        long amount = ((Number) r.path("amount")).longValue();
                        assertThat(amount).as(where).isEqualTo(PRICE * records(m, cohort));
                        open.add(new OpenQuote(id, cohort, amount));
                        quotesChecked++;
                    }
                    default -> { // purchase one of the open quotes
                        if (open.isEmpty()) {
                            break;
                        }
                        OpenQuote q = open.remove(random.nextInt(open.size()));
                        TreeSet<String> expected = new TreeSet<>(q.cohort());
                        expected.removeIf(x -> !m.eligible(x));
                        Response r = postPurchase(consumer, "key-" + c + "-" + step, q.id());
                        if (expected.isEmpty()) {
                            assertThat(r.statusCode()).as(where).isEqualTo(409);
                            break;
                        }
                        assertThat(r.statusCode()).as(where).isEqualTo(201);
                        String id = r.path("id");
                        TreeSet<String> pinned = new TreeSet<>(strings(
                                "SELECT subject_id FROM purchase_member WHERE purchase_id = cast($1 as uuid)", id));
                        assertThat(pinned).as(where + ": pinned cohort").isEqualTo(expected);
                        assertThat(q.cohort()).as(where + ": never grows").containsAll(pinned);
                        long amount = ((Number) r.path("amount")).longValue();
                        assertThat(amount).as(where).isLessThanOrEqualTo(q.amount())
                                .isEqualTo(PricingRule.amount(new PricingRule.Terms(PRICE, 0, Map.of(), List.of()),
                                        "ai-training", records(m, pinned)));
                        purchasesChecked++;
                    }
                }
            }
        }
        assertThat(quotesChecked).isGreaterThan(CASES);
        assertThat(purchasesChecked).isGreaterThan(CASES / 2);
    }

    static long records(Model m, Iterable<String> subjects) {
        long sum = 0;
        for (String s : subjects) {
            sum += m.records.get(s);
        }
        return sum;
    }
}

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pricing benchmark (run by bench/pricing-purchase.sh): for cohorts of 1,000 / 10,000 / 100,000
 * subjects, times POST /api/quotes and POST /api/purchases end to end (HTTP, JWT check, catalog
 * and consent calls, cohort writes, outbox) one request at a time, and prints p50 / p99 / max.
 * Usage: java bench/PricingBench.java <baseUrl> <providerToken> <consumerToken> [sizes...]
 */
public class PricingBench {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");
    static final Pattern SUBJECTS = Pattern.compile("\"subjects\":(\\d+)");

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String provider = args[1];
        String consumer = args[2];
        List<Integer> sizes = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            sizes.add(Integer.parseInt(args[i]));
        }
        if (sizes.isEmpty()) {
            sizes = List.of(1_000, 10_000, 100_000);
        }
        System.out.printf("%-8s %-9s %5s %9s %9s %9s   %s%n", "cohort", "call", "runs", "p50 ms", "p99 ms", "max ms",
                "subjects in result");
        for (int n : sizes) {
            String dataset = "bench-" + n;
            call("PUT", base + "/api/datasets/" + dataset + "/price", provider, null,
                    "{\"currency\":\"EUR\",\"pricePerRecord\":3,\"purposeMultipliers\":{\"ai-training\":15000},"
                            + "\"minimumPrice\":100,\"volumeTiers\":[{\"fromRecords\":100000,\"multiplierBps\":8000}]}", 200);
            int runs = n >= 100_000 ? 12 : n >= 10_000 ? 30 : 60;
            int warmup = n >= 100_000 ? 2 : 5;
            List<Long> quotes = new ArrayList<>();
            List<Long> purchases = new ArrayList<>();
            String subjects = "";
            for (int i = 0; i < warmup + runs; i++) {
                long t0 = System.nanoTime();
                String q = call("POST", base + "/api/quotes", consumer, null,
                        "{\"datasetId\":\"" + dataset + "\",\"purpose\":\"ai-training\"}", 201);
                long t1 = System.nanoTime();
                String p = call("POST", base + "/api/purchases", consumer, UUID.randomUUID().toString(),
                        "{\"quoteId\":\"" + group(ID, q) + "\"}", 201);
                long t2 = System.nanoTime();
                if (i >= warmup) {
                    quotes.add((t1 - t0) / 1_000_000);
                    purchases.add((t2 - t1) / 1_000_000);
                }
                subjects = group(SUBJECTS, p);
            }
            print(n, "quote", quotes, subjects);
            print(n, "purchase", purchases, subjects);
        }
    }

    static void print(int n, String what, List<Long> ms, String subjects) {
        List<Long> sorted = new ArrayList<>(ms);
        Collections.sort(sorted);
        System.out.printf("%-8d %-9s %5d %9d %9d %9d   %s%n", n, what, sorted.size(), pct(sorted, 50), pct(sorted, 99),
                sorted.get(sorted.size() - 1), subjects);
    }

    /** Nearest-rank percentile. */
    static long pct(List<Long> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    static String group(Pattern p, String s) {
        Matcher m = p.matcher(s);
        if (!m.find()) {
            throw new IllegalStateException("unexpected response: " + s);
        }
        return m.group(1);
    }

    static String call(String method, String url, String token, String key, String body, int expected) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Idempotency-Key", key);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IllegalStateException(method + " " + url + " -> " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }
}

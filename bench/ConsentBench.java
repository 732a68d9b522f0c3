import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Consent benchmark against a running stack (./exchange up), run by bench/consent-bench.sh:
 * 1. grant + revoke round trips through the gateway, 16 concurrent subjects with real tokens;
 * 2. the internal cohort confirmation of 100,000 subjects (5 calls of 20,000) on consent-service.
 * Prints throughput and latency percentiles. Uses only the JDK.
 */
public class ConsentBench {

    static final String GATEWAY = env("GATEWAY", "http://127.0.0.1:8080");
    static final String CONSENT = env("CONSENT", "http://127.0.0.1:8081");
    /** Counts are polled on the catalog itself, so the gateway's rate limit does not blur the lag. */
    static final String CATALOG = env("CATALOG", "http://127.0.0.1:8082");
    static final String KEYCLOAK = env("KEYCLOAK", "http://127.0.0.1:8180");
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        int clients = Integer.parseInt(env("CLIENTS", "16"));
        int seconds = Integer.parseInt(env("SECONDS", "20"));
        String mode = args.length > 0 ? args[0] : "all";
        if (mode.equals("all") || mode.equals("grants")) {
            grantRevoke(clients, seconds);
        }
        if (mode.equals("all") || mode.equals("lag")) {
            revocationLag(Math.min(clients, 16), Integer.parseInt(env("LAG_SAMPLES", "40")));
        }
        if (mode.equals("all") || mode.equals("confirm")) {
            confirm(args.length > 1 ? args[1] : "bench-dataset", Integer.parseInt(env("COHORT", "100000")));
        }
    }

    static void grantRevoke(int clients, int seconds) throws Exception {
        String admin = adminToken();
        List<String> tokens = new ArrayList<>();
        for (int i = 1; i <= clients; i++) {
            String user = "bench-subject-" + i;
            ensureUser(admin, user);
            tokens.add(userToken(user));
        }
        ConcurrentLinkedQueue<Long> grants = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> revokes = new ConcurrentLinkedQueue<>();
        AtomicInteger errors = new AtomicInteger();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        CountDownLatch done = new CountDownLatch(clients);
        for (int i = 0; i < clients; i++) {
            String token = tokens.get(i);
            new Thread(() -> {
                int n = 0;
                try {
                    while (System.nanoTime() < end) {
                        String body = "{\"datasetId\": \"bench-ds-" + (n++ % 50) + "\", \"purpose\": \"ai-training\","
                                + " \"dataCategories\": [\"steps\"]}";
                        long t0 = System.nanoTime();
                        HttpResponse<String> granted = send(HttpRequest.newBuilder(URI.create(GATEWAY + "/api/consents"))
                                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body)));
                        long t1 = System.nanoTime();
                        if (granted.statusCode() != 201) {
                            errors.incrementAndGet();
                            continue;
                        }
                        grants.add(t1 - t0);
                        String id = field(granted.body(), "id");
                        HttpResponse<String> revoked = send(HttpRequest.newBuilder(
                                        URI.create(GATEWAY + "/api/consents/" + id + "/revoke"))
                                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()));
                        long t2 = System.nanoTime();
                        if (revoked.statusCode() != 200) {
                            errors.incrementAndGet();
                        } else {
                            revokes.add(t2 - t1);
                        }
                    }
                } catch (Exception e) {
                    errors.incrementAndGet();
                    System.err.println(e);
                } finally {
                    done.countDown();
                }
            }).start();
        }
        done.await();
        System.out.printf("grant+revoke through the gateway, %d concurrent subjects, %d s:%n", clients, seconds);
        System.out.printf("  round trips: %d (%.1f/s), requests %.1f/s, errors %d%n", revokes.size(),
                revokes.size() / (double) seconds, (grants.size() + revokes.size()) / (double) seconds, errors.get());
        System.out.printf("  grant  latency ms: %s%n", percentiles(grants));
        System.out.printf("  revoke latency ms: %s%n", percentiles(revokes));
    }

    /**
     * How long a revocation (and a grant) takes to show in the catalog's consenting counts: the
     * time from the acknowledged revoke until GET /api/datasets/{id} counts one subject fewer.
     */
    static void revocationLag(int subjects, int samples) throws Exception {
        String admin = adminToken();
        String provider = userToken("acme-health");
        String dataset = field(send(HttpRequest.newBuilder(URI.create(GATEWAY + "/api/datasets"))
                .header("Authorization", "Bearer " + provider).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"title\": \"Lag bench " + System.nanoTime() + "\", "
                        + "\"description\": \"bench\", \"categories\": [\"steps\"], \"allowedPurposes\": [\"ai-training\"],"
                        + " \"schema\": {\"steps\": \"integer\"}, \"licenceTerms\": \"bench\"}"))).body(), "id");
        List<String> tokens = new ArrayList<>();
        StringBuilder members = new StringBuilder();
        for (int i = 1; i <= subjects; i++) {
            String user = "bench-subject-" + i;
            ensureUser(admin, user);
            String token = userToken(user);
            tokens.add(token);
            String sub = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
            members.append(i == 1 ? "" : ",").append("{\"subjectId\": \"").append(field(sub, "sub")).append("\", \"records\": 10}");
        }
        send(HttpRequest.newBuilder(URI.create(GATEWAY + "/api/datasets/" + dataset + "/subjects"))
                .header("Authorization", "Bearer " + provider).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("[" + members + "]")));
        String grant = "{\"datasetId\": \"" + dataset + "\", \"purpose\": \"ai-training\", \"dataCategories\": [\"steps\"]}";
        List<String> consentIds = new ArrayList<>();
        for (String token : tokens) {
            consentIds.add(field(send(HttpRequest.newBuilder(URI.create(GATEWAY + "/api/consents"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(grant))).body(), "id"));
        }
        String reader = userToken("ai-lab");
        waitForCount(reader, dataset, subjects);
        List<Long> revokeLag = new ArrayList<>();
        List<Long> grantLag = new ArrayList<>();
        for (int n = 0; n < samples; n++) {
            int i = n % subjects;
            send(HttpRequest.newBuilder(URI.create(GATEWAY + "/api/consents/" + consentIds.get(i) + "/revoke"))
                    .header("Authorization", "Bearer " + tokens.get(i)).POST(HttpRequest.BodyPublishers.noBody()));
            long t0 = System.nanoTime();
            waitForCount(reader, dataset, subjects - 1);
            revokeLag.add(System.nanoTime() - t0);
            send(HttpRequest.newBuilder(URI.create(GATEWAY + "/api/consents"))
                    .header("Authorization", "Bearer " + tokens.get(i)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(grant)));
            long t1 = System.nanoTime();
            waitForCount(reader, dataset, subjects);
            grantLag.add(System.nanoTime() - t1);
        }
        System.out.printf("revocation -> catalog count, %d samples: %s%n", samples, percentiles(revokeLag));
        System.out.printf("grant      -> catalog count, %d samples: %s%n", samples, percentiles(grantLag));
    }

    static void waitForCount(String token, String dataset, int expected) throws Exception {
        Pattern count = Pattern.compile("\"purpose\"\\s*:\\s*\"ai-training\"\\s*,\\s*\"subjects\"\\s*:\\s*(\\d+)");
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            String body = send(HttpRequest.newBuilder(URI.create(CATALOG + "/api/datasets/" + dataset))
                    .header("Authorization", "Bearer " + token)).body();
            Matcher m = count.matcher(body);
            if (m.find() && Integer.parseInt(m.group(1)) == expected) {
                return;
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("the count of " + dataset + " never reached " + expected);
    }

    static void confirm(String dataset, int cohort) throws Exception {
        String token = serviceToken();
        List<Long> runs = new ArrayList<>();
        int confirmed = 0;
        for (int run = 0; run < 6; run++) {
            long t0 = System.nanoTime();
            confirmed = 0;
            for (int from = 0; from < cohort; from += 20_000) {
                StringBuilder ids = new StringBuilder();
                for (int i = from; i < Math.min(cohort, from + 20_000); i++) {
                    ids.append(i == from ? "" : ",").append("\"bench-cohort-").append(i).append('"');
                }
                String body = "{\"datasetId\": \"" + dataset + "\", \"providerId\": \"bench-provider\", \"purpose\": "
                        + "\"ai-training\", \"subjectIds\": [" + ids + "]}";
                HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(CONSENT + "/internal/consents/confirm"))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)));
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("confirm failed: " + r.statusCode() + " " + r.body());
                }
                confirmed += count(r.body(), "\"subjectId\"");
            }
            long elapsed = System.nanoTime() - t0;
            if (run > 0) {
                runs.add(elapsed); // the first run warms up the JIT and the connection pool
            }
        }
        System.out.printf("internal cohort confirmation of %d subjects (%d confirmed), 5 timed runs: %s%n",
                cohort, confirmed, percentiles(runs));
    }

    static String percentiles(java.util.Collection<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            return "no samples";
        }
        return String.format("p50 %.1f, p99 %.1f, max %.1f (n=%d)", ms(sorted, 0.50), ms(sorted, 0.99),
                sorted.get(sorted.size() - 1) / 1e6, sorted.size());
    }

    static double ms(List<Long> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1)) / 1e6;
    }

    static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String adminToken() throws Exception {
        return field(form(KEYCLOAK + "/realms/master/protocol/openid-connect/token",
                Map.of("grant_type", "password", "client_id", "admin-cli", "username", "admin", "password", "admin")),
                "access_token");
    }

    static String userToken(String user) throws Exception {
        return field(form(KEYCLOAK + "/realms/exchange/protocol/openid-connect/token",
                Map.of("grant_type", "password", "client_id", "exchange-cli", "username", user, "password", user)),
                "access_token");
    }

    static String serviceToken() throws Exception {
        return field(form(KEYCLOAK + "/realms/exchange/protocol/openid-connect/token",
                Map.of("grant_type", "client_credentials", "client_id", "exchange-services",
                        "client_secret", env("SERVICES_CLIENT_SECRET", "local-services-secret"))), "access_token");
    }

    /** Creates a subject user (password = name) with the subject role, unless it exists. */
    static void ensureUser(String admin, String user) throws Exception {
        String body = "{\"username\": \"" + user + "\", \"enabled\": true, \"emailVerified\": true, \"firstName\": \"Bench\","
                + " \"lastName\": \"Subject\", \"email\": \"" + user + "@example.invalid\", \"credentials\": [{\"type\": "
                + "\"password\", \"value\": \"" + user + "\", \"temporary\": false}]}";
        HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(KEYCLOAK + "/admin/realms/exchange/users"))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        if (created.statusCode() == 409) {
            return;
        }
        if (created.statusCode() != 201) {
            throw new IllegalStateException("creating " + user + ": " + created.statusCode() + " " + created.body());
        }
        String location = created.headers().firstValue("Location").orElseThrow();
        String role = send(HttpRequest.newBuilder(URI.create(KEYCLOAK + "/admin/realms/exchange/roles/subject"))
                .header("Authorization", "Bearer " + admin)).body();
        HttpResponse<String> mapped = send(HttpRequest.newBuilder(URI.create(location + "/role-mappings/realm"))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("[" + role + "]")));
        if (mapped.statusCode() != 204) {
            throw new IllegalStateException("role for " + user + ": " + mapped.statusCode());
        }
    }

    static String form(String url, Map<String, String> fields) throws Exception {
        String body = fields.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(),
                StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)));
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stands in for catalog-service and consent-service in the pricing benchmark (JDK only, run by
 * bench/pricing-purchase.sh). Datasets "bench-<n>" have n members "m<n>-0000000".. with 1..20
 * records; every member consents (consent id derived from the subject, version 1, no reserve)
 * except every 50th, so that the service really filters. A call without a bearer token is a 401
 * (the token itself is Keycloak's business; this only proves pricing obtained and sent one).
 * Usage: java bench/PricingBenchFakes.java <port> <providerId>
 */
public class PricingBenchFakes {

    static final Pattern SUBJECT = Pattern.compile("\"(m\\d+-\\d{7})\"");

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        String provider = args[1];
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/internal/datasets/", ex -> {
            if (unauthorised(ex)) {
                return;
            }
            String[] path = ex.getRequestURI().getPath().split("/"); // "", internal, datasets, id, [members]
            String id = path[3];
            int n = Integer.parseInt(id.substring("bench-".length()));
            if (path.length == 4) {
                send(ex, "{\"id\":\"" + id + "\",\"providerId\":\"" + provider + "\",\"revision\":1,"
                        + "\"status\":\"PUBLISHED\",\"allowedPurposes\":[\"ai-training\"]}");
                return;
            }
            String after = null;
            int limit = 1000;
            String query = ex.getRequestURI().getRawQuery();
            if (query != null) {
                for (String kv : query.split("&")) {
                    String[] p = kv.split("=", 2);
                    if (p[0].equals("after")) {
                        after = URLDecoder.decode(p[1], StandardCharsets.UTF_8);
                    } else if (p[0].equals("limit")) {
                        limit = Integer.parseInt(p[1]);
                    }
                }
            }
            int from = after == null ? 0 : Integer.parseInt(after.substring(after.indexOf('-') + 1)) + 1;
            int to = Math.min(n, from + limit);
            StringBuilder b = new StringBuilder(64 * (to - from) + 64).append("{\"members\":[");
            for (int i = from; i < to; i++) {
                b.append(i > from ? "," : "").append("{\"subjectId\":\"").append(name(n, i))
                        .append("\",\"records\":").append(1 + i % 20).append('}');
            }
            b.append("],\"next\":").append(to < n ? "\"" + name(n, to - 1) + "\"" : "null").append('}');
            send(ex, b.toString());
        });
        server.createContext("/internal/consents/confirm", ex -> {
            if (unauthorised(ex)) {
                return;
            }
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Matcher m = SUBJECT.matcher(body);
            StringBuilder b = new StringBuilder(body.length() * 4).append("{\"confirmed\":[");
            boolean first = true;
            while (m.find()) {
                String s = m.group(1);
                if (Integer.parseInt(s.substring(s.indexOf('-') + 1)) % 50 == 49) {
                    continue; // withdrew
                }
                b.append(first ? "" : ",").append("{\"subjectId\":\"").append(s).append("\",\"consentId\":\"")
                        .append(UUID.nameUUIDFromBytes(s.getBytes(StandardCharsets.UTF_8)))
                        .append("\",\"version\":1,\"minPricePerRecord\":null}");
                first = false;
            }
            send(ex, b.append("]}").toString());
        });
        server.start();
        System.out.println("fakes listening on " + port);
    }

    static String name(int n, int i) {
        return "m" + n + "-" + String.format("%07d", i);
    }

    static boolean unauthorised(HttpExchange ex) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth != null && auth.startsWith("Bearer ") && auth.length() > 100) {
            return false;
        }
        ex.sendResponseHeaders(401, -1);
        ex.close();
        return true;
    }

    static void send(HttpExchange ex, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}

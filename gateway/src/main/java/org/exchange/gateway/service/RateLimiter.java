package org.exchange.gateway.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ConcurrentHashMap;
import org.exchange.gateway.config.GatewayConfig;

/**
 * Token buckets per client and route group, in memory (one gateway replica's view; with several
 * replicas each enforces its share). Returns how long to wait when the bucket is empty.
 */
@ApplicationScoped
public class RateLimiter {

    private final double perNano;
    private final double capacity;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(GatewayConfig config) {
        this.perNano = config.rateLimit().perSecond() / 1e9;
        this.capacity = config.rateLimit().burst();
    }

    /** Takes one token; returns 0 when allowed, otherwise the seconds to wait before retrying. */
    public long acquire(String client, String group) {
        Bucket bucket = buckets.computeIfAbsent(client + "|" + group, k -> new Bucket(capacity, System.nanoTime()));
        synchronized (bucket) {
            long now = System.nanoTime();
            bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.at) * perNano);
            bucket.at = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - bucket.tokens) / perNano / 1e9));
        }
    }

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }
}

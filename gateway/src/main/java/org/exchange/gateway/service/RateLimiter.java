package org.exchange.gateway.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ConcurrentHashMap;
import org.exchange.gateway.config.GatewayConfig;

/**
 * Token buckets per client and route group, in memory (one gateway replica's view; with several
 * replicas each enforces its share). Returns how long to wait when the bucket is empty.
 *
 * <p>A bucket that has refilled completely is the same as no bucket, so such buckets are swept
 * away whenever the map has doubled since the last sweep: memory follows the clients active in
 * the last {@code burst / perSecond} seconds, not every client ever seen.
 */
@ApplicationScoped
public class RateLimiter {

    private static final int FIRST_SWEEP_AT = 10_000;

    private final double perNano;
    private final double capacity;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private volatile int sweepAt = FIRST_SWEEP_AT;

    @Inject
    public RateLimiter(GatewayConfig config) {
        this(config.rateLimit().perSecond(), config.rateLimit().burst());
    }

    RateLimiter(double perSecond, int burst) {
        this.perNano = perSecond / 1e9;
        this.capacity = burst;
    }

    /** Takes one token; returns 0 when allowed, otherwise the seconds to wait before retrying. */
    public long acquire(String client, String group) {
        if (buckets.size() >= sweepAt) {
            sweep();
        }
        Bucket bucket = buckets.computeIfAbsent(client + "|" + group, k -> new Bucket(capacity, System.nanoTime()));
        synchronized (bucket) {
            long now = System.nanoTime();
            bucket.refill(now);
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - bucket.tokens) / perNano / 1e9));
        }
    }

    /** Drops the buckets that have refilled completely; a client that is still limited keeps its bucket. */
    synchronized void sweep() {
        long now = System.nanoTime();
        buckets.forEach((key, bucket) -> {
            synchronized (bucket) {
                bucket.refill(now);
                if (bucket.tokens >= capacity) {
                    buckets.remove(key, bucket);
                }
            }
        });
        sweepAt = Math.max(FIRST_SWEEP_AT, 2 * buckets.size());
    }

    int size() {
        return buckets.size();
    }

    private final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }

        void refill(long now) {
            tokens = Math.min(capacity, tokens + (now - at) * perNano);
            at = now;
        }
    }
}

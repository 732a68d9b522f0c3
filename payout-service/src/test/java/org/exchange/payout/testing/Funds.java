package org.exchange.payout.testing;

import static org.exchange.payout.testing.Fixtures.await;

import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import org.exchange.payout.service.PurchaseRelease;

/** Puts money into a payee's balance the only way money enters: a purchase pricing made, split and released. */
@ApplicationScoped
public class Funds {

    private final PricingFeed pricing;
    private final PurchaseRelease releases;
    private final MutableClock clock;
    private final Pool db;

    public Funds(PricingFeed pricing, PurchaseRelease releases, MutableClock clock, Pool db) {
        this.pricing = pricing;
        this.releases = releases;
        this.clock = clock;
        this.db = db;
    }

    /** A purchase of {@code amount} whose only subject is {@code subjectId}, split but still on hold. */
    public Fixtures.Purchase pending(String subjectId, long amount) {
        Fixtures.Purchase p = pricing.book(Fixtures.purchase(amount, List.of(new Fixtures.Member(subjectId, 10)), 10));
        if (Fixtures.splits(db, p.id()) != 1) {
            throw new IllegalStateException("purchase " + p.id() + " was not split: see the dead letters");
        }
        return p;
    }

    /** As {@link #pending}, then the hold ends: the subject has 70 % of {@code amount} (rounded up) available. */
    public Fixtures.Purchase available(String subjectId, long amount) {
        Fixtures.Purchase p = pending(subjectId, amount);
        endHolds();
        return p;
    }

    public void endHolds() {
        clock.advance(Duration.ofHours(2));
        await(() -> releases.releaseDue(clock.instant(), 10_000));
    }

    /** What a lone subject earns of {@code amount} under the default 10 % fee and 20 % provider share. */
    public static long subjectShare(long amount) {
        return amount - amount * 1000 / 10_000 - amount * 2000 / 10_000;
    }
}

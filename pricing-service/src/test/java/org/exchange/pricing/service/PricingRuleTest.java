package org.exchange.pricing.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.exchange.kit.service.ExchangeException;
import org.junit.jupiter.api.Test;

class PricingRuleTest {

    static PricingRule.Terms randomTerms(Random r) {
        long price = 1 + r.nextInt(r.nextBoolean() ? 50 : 1_000_000);
        int bps = 1 + r.nextInt(100_000);
        List<PricingRule.VolumeTier> tiers = new ArrayList<>();
        long from = 0;
        for (int i = 0, n = r.nextInt(4); i < n; i++) {
            from += 1 + r.nextInt(5_000);
            tiers.add(new PricingRule.VolumeTier(from, 1 + r.nextInt(10_000)));
        }
        return new PricingRule.Terms(price, r.nextInt(3) == 0 ? r.nextInt(100_000) : 0, Map.of("ai-training", bps), tiers);
    }

    /** The rule written out record by record, as docs/pricing-rule.md states it. */
    static BigInteger referenceNumerator(PricingRule.Terms t, String purpose, long records) {
        BigInteger sum = BigInteger.ZERO;
        for (long i = 0; i < records; i++) {
            long tierBps = 10_000;
            for (PricingRule.VolumeTier tier : t.volumeTiers()) {
                if (i >= tier.fromRecords()) {
                    tierBps = tier.multiplierBps();
                }
            }
            sum = sum.add(BigInteger.valueOf(t.pricePerRecord()).multiply(BigInteger.valueOf(t.multiplierBps(purpose)))
                    .multiply(BigInteger.valueOf(tierBps)));
        }
        return sum;
    }

    @Property(tries = 400)
    void amountIsTheExactSumRoundedDownOnceAndNeverBelowTheMinimum(@ForAll long seed,
                                                                    @ForAll @IntRange(min = 0, max = 20_000) int records) {
        PricingRule.Terms t = randomTerms(new Random(seed));
        long amount = PricingRule.amount(t, "ai-training", records);
        BigInteger exact = referenceNumerator(t, "ai-training", records);
        BigInteger floor = exact.divide(BigInteger.valueOf(100_000_000L));
        assertThat(amount).isEqualTo(floor.max(BigInteger.valueOf(t.minimumPrice())).longValueExact());
        // one rounding step: less than one minor unit below the exact value
        assertThat(exact.subtract(floor.multiply(BigInteger.valueOf(100_000_000L))))
                .isLessThan(BigInteger.valueOf(100_000_000L));
    }

    @Property(tries = 1000)
    void aSmallerCohortNeverCostsMore(@ForAll long seed, @ForAll @LongRange(min = 0, max = 10_000_000) long smaller,
                                      @ForAll @LongRange(min = 0, max = 10_000_000) long extra) {
        PricingRule.Terms t = randomTerms(new Random(seed));
        assertThat(PricingRule.amount(t, "ai-training", smaller))
                .isLessThanOrEqualTo(PricingRule.amount(t, "ai-training", smaller + extra));
    }

    @Property(tries = 500)
    void whoeverMeetsTheReserveIsPaidAtLeastTheReservePerRecordAtAnyVolume(@ForAll long seed) {
        Random r = new Random(seed);
        PricingRule.Terms t = randomTerms(r);
        long effective = PricingRule.effectivePricePerRecord(t, "ai-training");
        assertThat(PricingRule.meetsReserve(t, "ai-training", effective)).isTrue();
        assertThat(PricingRule.meetsReserve(t, "ai-training", effective + 1)).isFalse();
        assertThat(PricingRule.meetsReserve(t, "ai-training", null)).isTrue();
        // the marginal price of the deepest tier, rounded down, is exactly the effective price
        int lowest = t.volumeTiers().stream().mapToInt(PricingRule.VolumeTier::multiplierBps).reduce(10_000, Math::min);
        assertThat(BigInteger.valueOf(t.pricePerRecord()).multiply(BigInteger.valueOf(t.multiplierBps("ai-training")))
                .multiply(BigInteger.valueOf(lowest)).divide(BigInteger.valueOf(100_000_000L)).longValueExact())
                .isEqualTo(effective);
    }

    @Test
    void anUnlistedPurposeCostsX1() {
        PricingRule.Terms t = new PricingRule.Terms(7, 0, Map.of("ai-training", 20_000), List.of());
        assertThat(PricingRule.amount(t, "academic-research", 3)).isEqualTo(21);
        assertThat(PricingRule.amount(t, "ai-training", 3)).isEqualTo(42);
    }

    @Test
    void graduatedTiersDiscountOnlyTheRecordsBeyondTheirThreshold() {
        PricingRule.Terms t = new PricingRule.Terms(10, 0, Map.of(),
                List.of(new PricingRule.VolumeTier(100, 5_000), new PricingRule.VolumeTier(1_000, 2_500)));
        assertThat(PricingRule.amount(t, "ai-training", 100)).isEqualTo(1_000);
        assertThat(PricingRule.amount(t, "ai-training", 1_000)).isEqualTo(1_000 + 900 * 5);
        assertThat(PricingRule.amount(t, "ai-training", 1_004)).isEqualTo(1_000 + 900 * 5 + 10); // 4 x 2.5
        assertThat(PricingRule.effectivePricePerRecord(t, "ai-training")).isEqualTo(2);
    }

    @Test
    void theLargestInputsAreRefusedAsUnprocessableNotWrapped() {
        PricingRule.Terms t = new PricingRule.Terms(1_000_000_000L, 0, Map.of("ai-training", 100_000), List.of());
        assertThatThrownBy(() -> PricingRule.amount(t, "ai-training", Long.MAX_VALUE))
                .isInstanceOf(ExchangeException.class)
                .extracting(e -> ((ExchangeException) e).kind()).isEqualTo(ExchangeException.Kind.UNPROCESSABLE);
        assertThat(PricingRule.effectivePricePerRecord(t, "ai-training")).isEqualTo(10_000_000_000L);
    }
}

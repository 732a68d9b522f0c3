package org.exchange.pricing.service;

import java.math.BigInteger;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.exchange.kit.service.ExchangeException;

/**
 * The pricing rule (docs/pricing-rule.md), in exact integer arithmetic with one rounding step:
 *
 * <pre>
 * numerator = sum over volume segments of  segmentRecords x pricePerRecord x purposeBps x tierBps
 * amount    = max(minimumPrice, floor(numerator / 10000 / 10000))
 * </pre>
 *
 * Tiers are graduated (like tax brackets): records from {@code fromRecords} onwards are priced at
 * the tier's multiplier, records before at the previous one (the first segment at x1). Every
 * marginal price is >= 0, so the amount never grows when the cohort shrinks.
 */
public final class PricingRule {

    public static final long BPS = 10_000;
    /** Largest amount a quote may state (10^15 minor units); beyond is refused, never wrapped. */
    public static final long MAX_AMOUNT = 1_000_000_000_000_000L;

    private static final BigInteger DENOMINATOR = BigInteger.valueOf(BPS * BPS);

    private PricingRule() {
    }

    /** A graduated volume tier: records from the {@code fromRecords}-th on cost x multiplierBps/10000. */
    public record VolumeTier(long fromRecords, int multiplierBps) {
    }

    /** The price terms of one price book version. */
    public record Terms(long pricePerRecord, long minimumPrice, Map<String, Integer> purposeMultipliers,
                        List<VolumeTier> volumeTiers) {

        public Terms {
            purposeMultipliers = Map.copyOf(purposeMultipliers);
            volumeTiers = volumeTiers.stream().sorted(Comparator.comparingLong(VolumeTier::fromRecords)).toList();
        }

        /** An allowed purpose not listed costs x1. */
        public int multiplierBps(String purpose) {
            return purposeMultipliers.getOrDefault(purpose, (int) BPS);
        }

        /** The deepest volume discount any record may get (x1 without tiers). */
        int lowestTierBps() {
            return volumeTiers.stream().mapToInt(VolumeTier::multiplierBps).reduce((int) BPS, Math::min);
        }
    }

    /**
     * The lowest price per record this price book can pay for {@code purpose}, rounded down: a
     * subject's reserve must be at most this. It uses the deepest tier so that it does not
     * depend on the cohort's size (which depends on who passes this very check).
     */
    public static long effectivePricePerRecord(Terms terms, String purpose) {
        long numerator = Math.multiplyExact(Math.multiplyExact(terms.pricePerRecord(), terms.multiplierBps(purpose)),
                terms.lowestTierBps());
        return numerator / (BPS * BPS);
    }

    /** Whether a subject with reserve {@code minPricePerRecord} (null = none) may be in the cohort. */
    public static boolean meetsReserve(Terms terms, String purpose, Long minPricePerRecord) {
        return minPricePerRecord == null || minPricePerRecord <= effectivePricePerRecord(terms, purpose);
    }

    /** The amount for a cohort holding {@code records} records in total. */
    public static long amount(Terms terms, String purpose, long records) {
        if (records < 0) {
            throw new IllegalArgumentException("records must not be negative");
        }
        BigInteger perRecord = BigInteger.valueOf(terms.pricePerRecord())
                .multiply(BigInteger.valueOf(terms.multiplierBps(purpose)));
        BigInteger numerator = BigInteger.ZERO;
        long segmentStart = 0;
        long segmentBps = BPS;
        for (VolumeTier tier : terms.volumeTiers()) {
            numerator = numerator.add(segment(perRecord, segmentStart, tier.fromRecords(), segmentBps, records));
            segmentStart = tier.fromRecords();
            segmentBps = tier.multiplierBps();
        }
        numerator = numerator.add(segment(perRecord, segmentStart, Long.MAX_VALUE, segmentBps, records));
        // the one rounding step: round down, so the buyer never pays a fraction it was not quoted
        BigInteger amount = numerator.divide(DENOMINATOR).max(BigInteger.valueOf(terms.minimumPrice()));
        if (amount.compareTo(BigInteger.valueOf(MAX_AMOUNT)) > 0) {
            throw ExchangeException.unprocessable("the amount for this cohort exceeds " + MAX_AMOUNT
                    + " minor units; the price book is out of range");
        }
        return amount.longValueExact();
    }

    private static BigInteger segment(BigInteger perRecord, long from, long to, long bps, long records) {
        long inSegment = Math.max(0, Math.min(records, to) - from);
        return BigInteger.valueOf(inSegment).multiply(perRecord).multiply(BigInteger.valueOf(bps));
    }
}

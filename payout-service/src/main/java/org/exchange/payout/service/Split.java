package org.exchange.payout.service;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * How one purchase's amount is divided, exactly, in integer minor units (docs/money-split.md):
 * <ol>
 * <li>platform fee = floor(amount x feeBps / 10000); provider share = floor(amount x providerBps / 10000);</li>
 * <li>the subjects' pool is the rest, so the three parts always add up to the amount;</li>
 * <li>each subject gets floor(pool x records / totalRecords); the cents left over (fewer than the
 * number of subjects) go one each to the subjects with the largest remainder
 * (pool x records mod totalRecords), ties broken by subject id ascending (String order).</li>
 * </ol>
 * With no subjects (or no records), the pool goes to the provider. Pure and deterministic: the
 * same input in any member order gives the same output.
 */
public final class Split {

    public static final int BPS = 10_000;

    public record Member(String subjectId, long records) {
        public Member {
            Objects.requireNonNull(subjectId, "subjectId");
            if (records < 0) {
                throw new IllegalArgumentException("records must not be negative: " + records);
            }
        }
    }

    /** A subject's share; {@code weight} is the subject's records. */
    public record Share(String subjectId, long weight, long amount) {
    }

    public record Result(long amount, long platformFee, long providerShare, long totalRecords, List<Share> subjects) {

        public long subjectsTotal() {
            return subjects.stream().mapToLong(Share::amount).sum();
        }
    }

    private Split() {
    }

    /**
     * Splits {@code amount}. Members must have distinct subject ids (merge duplicates first).
     */
    public static Result of(long amount, int feeBps, int providerBps, List<Member> members) {
        if (amount < 0) {
            throw new IllegalArgumentException("amount must not be negative: " + amount);
        }
        if (feeBps < 0 || providerBps < 0 || feeBps + providerBps > BPS) {
            throw new IllegalArgumentException("fee and provider share must be within 0..10000 bps together");
        }
        long fee = mulDiv(amount, feeBps, BPS)[0];
        long provider = mulDiv(amount, providerBps, BPS)[0];
        long pool = amount - fee - provider;
        long totalRecords = 0;
        for (Member m : members) {
            totalRecords = Math.addExact(totalRecords, m.records());
        }
        if (totalRecords == 0) {
            // Nobody to weight by: the pool goes to the provider rather than vanishing.
            List<Share> zero = members.stream().map(m -> new Share(m.subjectId(), 0, 0)).toList();
            return new Result(amount, fee, provider + pool, 0, zero);
        }

        int n = members.size();
        long[] floors = new long[n];
        long[] remainders = new long[n];
        long assigned = 0;
        for (int i = 0; i < n; i++) {
            long[] qr = mulDiv(pool, members.get(i).records(), totalRecords);
            floors[i] = qr[0];
            remainders[i] = qr[1];
            assigned += qr[0];
        }
        long leftover = pool - assigned; // 0 <= leftover < n
        if (leftover > 0) {
            Integer[] order = new Integer[n];
            Arrays.setAll(order, i -> i);
            Arrays.sort(order, Comparator.<Integer>comparingLong(i -> remainders[i]).reversed()
                    .thenComparing(i -> members.get(i).subjectId()));
            for (int k = 0; k < leftover; k++) {
                floors[order[k]]++;
            }
        }
        List<Share> shares = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Member m = members.get(i);
            shares.add(new Share(m.subjectId(), m.records(), floors[i]));
        }
        return new Result(amount, fee, provider, totalRecords, shares);
    }

    /** {a x b / c, a x b mod c} for non-negative a, b and positive c, without overflow. */
    static long[] mulDiv(long a, long b, long c) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        if (hi == 0 && lo >= 0) {
            return new long[]{lo / c, lo % c};
        }
        BigInteger[] qr = BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).divideAndRemainder(BigInteger.valueOf(c));
        return new long[]{qr[0].longValueExact(), qr[1].longValueExact()};
    }
}

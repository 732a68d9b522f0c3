package org.exchange.payout.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The split of docs/money-split.md: exact, fair to the cent, deterministic. */
class SplitTest {

    @Test
    void theDocumentedWorkedExampleSplitsAsDocumented() {
        // docs/money-split.md: 1,001 cents, 10 % fee, 20 % provider, records 1 / 1 / 1
        Split.Result r = Split.of(1001, 1000, 2000, List.of(new Split.Member("carol", 1), new Split.Member("alice", 1),
                new Split.Member("bob", 1)));
        assertThat(r.platformFee()).isEqualTo(100);
        assertThat(r.providerShare()).isEqualTo(200);
        // pool 701 = 3 x 233 + 2: equal remainders, so the ids alice and bob get the two extra cents
        assertThat(amounts(r)).containsExactlyInAnyOrderEntriesOf(Map.of("alice", 234L, "bob", 234L, "carol", 233L));
    }

    @Test
    void theDemoPurchaseGivesAlice630Of1500() {
        Split.Result r = Split.of(1500, 1000, 2000, List.of(new Split.Member("alice", 120), new Split.Member("bob", 80)));
        assertThat(r.platformFee()).isEqualTo(150);
        assertThat(r.providerShare()).isEqualTo(300);
        assertThat(amounts(r)).containsExactlyInAnyOrderEntriesOf(Map.of("alice", 630L, "bob", 420L));
    }

    @Test
    void theLargestRemainderGetsTheLeftoverCentBeforeASmallerOne() {
        // pool 7 (no fee, no provider share), records 5, 3, 2: quotas 3.5, 2.1 and 1.4; 6 cents by floors
        Split.Result r = Split.of(7, 0, 0, List.of(new Split.Member("a", 5), new Split.Member("b", 3),
                new Split.Member("c", 2)));
        assertThat(amounts(r)).containsExactlyInAnyOrderEntriesOf(Map.of("a", 4L, "b", 2L, "c", 1L));
    }

    @Test
    void withoutSubjectsOrRecordsThePoolGoesToTheProvider() {
        assertThat(Split.of(999, 1000, 2000, List.of()).providerShare()).isEqualTo(999 - 99);
        Split.Result zero = Split.of(999, 1000, 2000, List.of(new Split.Member("a", 0)));
        assertThat(zero.providerShare()).isEqualTo(900);
        assertThat(zero.subjectsTotal()).isZero();
    }

    @Test
    void hugeAmountsAndRecordCountsDoNotOverflow() {
        long amount = Long.MAX_VALUE / 2;
        Split.Result r = Split.of(amount, 1000, 2000, List.of(new Split.Member("a", Long.MAX_VALUE / 4),
                new Split.Member("b", 3)));
        assertThat(r.platformFee() + r.providerShare() + r.subjectsTotal()).isEqualTo(amount);
    }

    @Test
    void invalidConfigurationOrAmountsAreRefused() {
        assertThatThrownBy(() -> Split.of(-1, 1000, 2000, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Split.of(1, 6000, 5000, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Split.Member("a", -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Property(tries = 2000)
    void thePartsAlwaysAddUpToTheAmountExactly(@ForAll @LongRange(min = 0, max = 10_000_000_000L) long amount,
                                                 @ForAll @IntRange(min = 0, max = 5000) int feeBps,
                                                 @ForAll @IntRange(min = 0, max = 5000) int providerBps,
                                                 @ForAll("cohorts") List<Split.Member> members) {
        Split.Result r = Split.of(amount, feeBps, providerBps, members);
        assertThat(r.platformFee() + r.providerShare() + r.subjectsTotal()).isEqualTo(amount);
        assertThat(r.platformFee()).isEqualTo(amount * feeBps / 10_000);
        assertThat(r.subjects()).allSatisfy(s -> assertThat(s.amount()).isNotNegative());
        assertThat(r.subjects()).hasSize(members.size());
    }

    @Property(tries = 2000)
    void everySubjectGetsItsExactQuotaRoundedDownOrUpByOneCent(@ForAll @LongRange(min = 0, max = 1_000_000_000L) long amount,
                                                               @ForAll("cohorts") List<Split.Member> members) {
        Split.Result r = Split.of(amount, 1000, 2000, members);
        long pool = amount - r.platformFee() - r.providerShare();
        long total = members.stream().mapToLong(Split.Member::records).sum();
        if (total == 0) {
            return;
        }
        for (Split.Share s : r.subjects()) {
            BigInteger[] qr = BigInteger.valueOf(pool).multiply(BigInteger.valueOf(s.weight()))
                    .divideAndRemainder(BigInteger.valueOf(total));
            long floor = qr[0].longValueExact();
            assertThat(s.amount()).isBetween(floor, floor + (qr[1].signum() == 0 ? 0 : 1));
        }
    }

    @Property(tries = 500)
    void theSplitDoesNotDependOnTheOrderTheCohortArrivedIn(@ForAll @LongRange(min = 0, max = 1_000_000L) long amount,
                                                            @ForAll("cohorts") List<Split.Member> members,
                                                            @ForAll long seed) {
        List<Split.Member> shuffled = new ArrayList<>(members);
        Collections.shuffle(shuffled, new Random(seed));
        assertThat(amounts(Split.of(amount, 1000, 2000, shuffled)))
                .isEqualTo(amounts(Split.of(amount, 1000, 2000, members)));
    }

    @Property(tries = 500)
    void aSubjectWithMoreRecordsNeverGetsLessThanOneWithFewer(@ForAll @LongRange(min = 0, max = 1_000_000L) long amount,
                                                             @ForAll("cohorts") List<Split.Member> members) {
        List<Split.Share> shares = new ArrayList<>(Split.of(amount, 1000, 2000, members).subjects());
        shares.sort((a, b) -> Long.compare(a.weight(), b.weight()));
        for (int i = 1; i < shares.size(); i++) {
            if (shares.get(i).weight() > shares.get(i - 1).weight()) {
                assertThat(shares.get(i).amount()).isGreaterThanOrEqualTo(shares.get(i - 1).amount());
            }
        }
    }

    @Test
    void aHundredThousandSubjectSplitIsExact() {
        Random random = new Random(42);
        List<Split.Member> members = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            members.add(new Split.Member("s-" + i, 1 + random.nextInt(500)));
        }
        Split.Result r = Split.of(123_456_789, 1000, 2000, members);
        assertThat(r.platformFee() + r.providerShare() + r.subjectsTotal()).isEqualTo(123_456_789);
    }

    @Provide
    Arbitrary<List<Split.Member>> cohorts() {
        Arbitrary<Long> records = Arbitraries.oneOf(Arbitraries.longs().between(0, 10),
                Arbitraries.longs().between(0, 1_000_000));
        return Combinators.combine(Arbitraries.integers().between(0, 60), records.list().ofSize(60))
                .as((n, recs) -> {
                    List<Split.Member> members = new ArrayList<>();
                    Set<String> ids = new HashSet<>();
                    for (int i = 0; i < n; i++) {
                        String id = "s" + (char) ('a' + (i * 7) % 26) + i; // ids not in insertion order
                        if (ids.add(id)) {
                            members.add(new Split.Member(id, recs.get(i)));
                        }
                    }
                    return members;
                });
    }

    private static Map<String, Long> amounts(Split.Result r) {
        return r.subjects().stream().collect(Collectors.toMap(Split.Share::subjectId, Split.Share::amount));
    }
}

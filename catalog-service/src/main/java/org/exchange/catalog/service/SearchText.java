package org.exchange.catalog.service;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Turns what a person types into a safe Postgres {@code to_tsquery} text: every word must match,
 * each as a prefix ("wear" finds "wearable"). Only letters and digits survive, so no input can
 * inject tsquery operators or fail to parse.
 */
final class SearchText {

    static final int MAX_WORDS = 10;
    private static final int MAX_WORD = 64;

    private SearchText() {
    }

    /** The tsquery text, or null when the input holds no word at all. */
    static String toTsQuery(String input) {
        if (input == null) {
            return null;
        }
        String query = Arrays.stream(input.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"))
                .filter(w -> !w.isEmpty())
                .limit(MAX_WORDS)
                .map(w -> (w.length() > MAX_WORD ? w.substring(0, MAX_WORD) : w) + ":*")
                .collect(Collectors.joining(" & "));
        return query.isEmpty() ? null : query;
    }
}

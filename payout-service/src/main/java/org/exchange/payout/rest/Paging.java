package org.exchange.payout.rest;

import org.exchange.kit.rest.ExchangeException;

/**
 * Reads {@code page} and {@code size} query parameters. Parsed here rather than bound as ints,
 * because JAX-RS answers a non-numeric query parameter with 404, and a bad parameter is a 400.
 */
record Paging(int page, int size) {

    static final int MAX_PAGE = 100_000;
    static final int MAX_SIZE = 200;

    static Paging of(String page, String size) {
        return new Paging(parse("page", page, 0, 0, MAX_PAGE), parse("size", size, 20, 1, MAX_SIZE));
    }

    private static int parse(String name, String value, int fallback, int min, int max) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        if (!value.matches("\\d{1,7}") || Integer.parseInt(value) < min || Integer.parseInt(value) > max) {
            throw ExchangeException.invalid(name + " must be a whole number from " + min + " to " + max);
        }
        return Integer.parseInt(value);
    }
}

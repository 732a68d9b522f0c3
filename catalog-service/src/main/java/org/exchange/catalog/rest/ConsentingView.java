package org.exchange.catalog.rest;

/** For one allowed purpose: members whose current consent covers it, and their records. */
public record ConsentingView(String purpose, long subjects, long records) {
}

package org.exchange.catalog.rest;

/** All declared members of a dataset, whatever their consent. */
public record MembersTotal(long subjects, long records) {
}

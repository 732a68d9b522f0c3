package org.exchange.catalog.rest;

/**
 * One row of {@code POST /api/datasets/{id}/subjects}. Validated by the membership service rather
 * than by Bean Validation, so that a problem names the row ({@code [17].records}) in a batch of
 * thousands.
 */
public record MemberRow(String subjectId, Long records) {
}

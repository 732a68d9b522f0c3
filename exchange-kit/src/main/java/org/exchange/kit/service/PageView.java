package org.exchange.kit.service;

import java.util.List;

/** A page of results: zero-based page number, page size and the total across pages. */
public record PageView<T>(List<T> items, int page, int size, long total) {
}

package org.exchange.pricing.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.exchange.pricing.Quote;

@ApplicationScoped
public class QuoteRepository implements PanacheRepositoryBase<Quote, UUID> {
}

package org.exchange.kit.rest;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.exchange.contract.events.EventSchemas;
import org.exchange.kit.service.ExchangeException;

/**
 * The published JSON Schema of each event type (the {@code dataschema} of its events), public:
 * {@code GET /api/events/schemas/consent.granted}. docs/asyncapi.yaml describes the topics.
 */
@Path("/api/events/schemas")
public class EventSchemasResource {

    @GET
    @Path("/{type}")
    @PermitAll
    @Produces("application/schema+json")
    public String schema(@PathParam("type") String type) {
        if (!type.matches("[a-z]+\\.[a-z-]+") || !EventSchemas.published(type)) {
            throw ExchangeException.notFound("event type " + type);
        }
        try (InputStream in = EventSchemas.class.getClassLoader().getResourceAsStream(EventSchemas.resource(type))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

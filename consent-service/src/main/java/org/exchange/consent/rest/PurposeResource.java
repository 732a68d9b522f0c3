package org.exchange.consent.rest;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;
import org.exchange.contract.purpose.Purpose;

/** The fixed purpose vocabulary, with each purpose's DPV concept. */
@Path("/api/purposes")
@Produces(MediaType.APPLICATION_JSON)
public class PurposeResource {

    public record PurposeView(String id, String dpv, String description) {
    }

    @GET
    @PermitAll
    public List<PurposeView> list() {
        return Arrays.stream(Purpose.values()).map(p -> new PurposeView(p.id(), p.dpv(), p.description())).toList();
    }
}

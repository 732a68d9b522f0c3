package org.exchange.contract;

/** The shape of ids other services and Keycloak hand out (UUIDs, slugs), for validation. */
public final class Ids {
    public static final String PATTERN = "[A-Za-z0-9][A-Za-z0-9._:-]{0,99}";
    public static final String MESSAGE = "must be an id of letters, digits and . _ : - (at most 100)";

    private Ids() {
    }
}

package org.exchange.contract;

/** Keycloak realm roles (realm {@code exchange}), carried in the token's realm_access/roles. */
public final class Roles {
    public static final String SUBJECT = "subject";
    public static final String PROVIDER = "provider";
    public static final String CONSUMER = "consumer";
    public static final String AUDITOR = "auditor";
    public static final String ADMIN = "admin";
    /** Service-to-service calls (service accounts); never granted to people. */
    public static final String SERVICE = "service";

    private Roles() {
    }
}

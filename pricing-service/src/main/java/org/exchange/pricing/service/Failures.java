package org.exchange.pricing.service;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Recognises database failures that the service layer turns into typed outcomes. */
final class Failures {

    private static final Pattern UNIQUE = Pattern.compile("unique constraint \"([^\"]+)\"");

    private Failures() {
    }

    /**
     * The name of the unique constraint a failure violated (SQLSTATE 23505), or null when it is
     * not a unique violation. Hibernate Reactive wraps the driver's exception differently by
     * path, so the cause chain is searched, by constraint name or by the driver's message.
     */
    static String uniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.hibernate.exception.ConstraintViolationException c && c.getConstraintName() != null
                    && "23505".equals(c.getSQLState())) {
                return c.getConstraintName();
            }
            String message = String.valueOf(t.getMessage());
            if (message.contains("23505") || message.contains("duplicate key")) {
                Matcher m = UNIQUE.matcher(message);
                return m.find() ? m.group(1) : "";
            }
        }
        return null;
    }
}

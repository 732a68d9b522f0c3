package org.exchange.kit.service;

/**
 * A typed failure of the service layer. {@link ProblemMapper} turns each kind into its HTTP
 * status and an RFC 9457 problem body (org.exchange.contract.ProblemMapper); the message is shown to the caller, so it must never
 * hold internals.
 */
public class ExchangeException extends RuntimeException {

    public enum Kind {
        INVALID(400, "Invalid request"),
        FORBIDDEN(403, "Forbidden"),
        NOT_FOUND(404, "Not found"),
        CONFLICT(409, "Conflict"),
        GONE(410, "Gone"),
        UNPROCESSABLE(422, "Unprocessable request"),
        UNAVAILABLE(503, "Service unavailable");

        private final int status;
        private final String title;

        Kind(int status, String title) {
            this.status = status;
            this.title = title;
        }

        public int status() {
            return status;
        }

        public String title() {
            return title;
        }
    }

    private final Kind kind;

    public ExchangeException(Kind kind, String detail) {
        super(detail, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static ExchangeException invalid(String detail) {
        return new ExchangeException(Kind.INVALID, detail);
    }

    public static ExchangeException notFound(String what) {
        return new ExchangeException(Kind.NOT_FOUND, what + " not found");
    }

    public static ExchangeException conflict(String detail) {
        return new ExchangeException(Kind.CONFLICT, detail);
    }

    public static ExchangeException forbidden(String detail) {
        return new ExchangeException(Kind.FORBIDDEN, detail);
    }

    public static ExchangeException gone(String detail) {
        return new ExchangeException(Kind.GONE, detail);
    }

    public static ExchangeException unprocessable(String detail) {
        return new ExchangeException(Kind.UNPROCESSABLE, detail);
    }
}

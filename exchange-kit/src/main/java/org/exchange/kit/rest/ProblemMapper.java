package org.exchange.kit.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Comparator;
import java.util.List;
import org.exchange.contract.Problem;
import org.exchange.kit.service.ExchangeException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where failures become responses, shared by every service: each typed failure
 * gets its status and an RFC 9457 body. Nothing internal (class names, stack traces, SQL) ever
 * reaches a caller; unexpected failures are logged and answered with a bare 500.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response exchange(ExchangeException e, UriInfo uri) {
        return problem(e.kind().status(), e.kind().title(), e.getMessage(), uri);
    }

    @ServerExceptionMapper
    public Response validation(ResteasyReactiveViolationException e, UriInfo uri) {
        return violations(e, uri);
    }

    @ServerExceptionMapper
    public Response violations(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldOf(v.getPropertyPath().toString()), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        return response(Problem.of(400, "Invalid request", "the request has invalid fields")
                .at(uri.getPath()).withErrors(errors));
    }

    @ServerExceptionMapper
    public Response wrongType(MismatchedInputException e, UriInfo uri) {
        String field = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse("body");
        return problem(400, "Malformed request body", field + " has the wrong type or shape", uri);
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e, UriInfo uri) {
        return problem(400, "Malformed request body", "the body is not valid JSON of the expected shape", uri);
    }

    @ServerExceptionMapper
    public Response notANumber(WholeNumberParams.NotAWholeNumber e, UriInfo uri) {
        return response(Problem.of(400, "Invalid request", "the request has invalid fields").at(uri.getPath())
                .withErrors(List.of(new Problem.FieldError(e.parameter(), "must be a whole number"))));
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return problem(401, "Unauthorized", "a valid bearer token is required", uri);
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        return problem(401, "Unauthorized", "a valid bearer token is required", uri);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return problem(403, "Forbidden", "your role does not allow this", uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("request failed", e);
            return problem(status, "Server error", "the request could not be completed", uri);
        }
        String title = Response.Status.fromStatusCode(status) != null
                ? Response.Status.fromStatusCode(status).getReasonPhrase() : "Request rejected";
        String detail = switch (status) {
            case 400 -> "the request is malformed";
            case 404 -> "no such resource";
            case 405 -> "method not allowed on this resource";
            case 413 -> "the request body is too large";
            case 415 -> "unsupported content type; send application/json";
            default -> title;
        };
        return problem(status, title, detail, uri);
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(RuntimeException e, UriInfo uri) {
        LOG.error("unexpected failure", e);
        return problem(500, "Server error", "the request could not be completed", uri);
    }

    private static Response problem(int status, String title, String detail, UriInfo uri) {
        return response(Problem.of(status, title, detail).at(uri.getPath()));
    }

    /** A problem as the response of a service: its status, {@code application/problem+json}. */
    public static Response response(Problem problem) {
        return Response.status(problem.status()).type(MediaType.valueOf(Problem.MEDIA_TYPE)).entity(problem).build();
    }

    /** "grant.request.purpose" (method, parameter, field) -> "purpose": callers know fields, not methods. */
    private static String fieldOf(String path) {
        String[] parts = path.split("\\.", 3);
        return parts.length == 3 ? parts[2] : parts[parts.length - 1];
    }
}

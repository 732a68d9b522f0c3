package org.exchange.kit.rest;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.function.Function;

/**
 * Binds {@code int} and {@code long} request parameters so that a value which is not a number
 * ({@code ?page=abc}, {@code ?size=99999999999}) is a 400 naming the parameter. Without it
 * JAX-RS answers a query or path parameter that fails conversion with a bare 404 (the spec's
 * rule), which tells the caller the resource does not exist when the request was malformed.
 */
@Provider
public class WholeNumberParams implements ParamConverterProvider {

    /** A parameter that is not a whole number of the bound type. */
    public static final class NotAWholeNumber extends BadRequestException {
        private final String parameter;

        NotAWholeNumber(String parameter) {
            super(parameter + " must be a whole number");
            this.parameter = parameter;
        }

        public String parameter() {
            return parameter;
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        String name = nameOf(annotations);
        if (rawType == int.class || rawType == Integer.class) {
            return (ParamConverter<T>) new Converter<>(name, Integer::valueOf);
        }
        if (rawType == long.class || rawType == Long.class) {
            return (ParamConverter<T>) new Converter<>(name, Long::valueOf);
        }
        return null;
    }

    private static String nameOf(Annotation[] annotations) {
        for (Annotation annotation : annotations == null ? new Annotation[0] : annotations) {
            if (annotation instanceof QueryParam query) {
                return query.value();
            }
            if (annotation instanceof PathParam path) {
                return path.value();
            }
        }
        return "parameter";
    }

    private record Converter<N extends Number>(String name, Function<String, N> parse) implements ParamConverter<N> {

        @Override
        public N fromString(String value) {
            if (value == null) {
                return null;
            }
            try {
                return parse.apply(value.strip());
            } catch (NumberFormatException e) {
                throw new NotAWholeNumber(name);
            }
        }

        @Override
        public String toString(N value) {
            return String.valueOf(value);
        }
    }
}

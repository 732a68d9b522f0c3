package org.exchange.payout.rest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import java.io.IOException;

/**
 * Reads an amount of minor units strictly: a JSON integer that fits a long. Jackson would
 * otherwise turn {@code 10.5} into 10 and {@code "10"} into 10; for money that is a bad request.
 */
public class MinorUnits extends JsonDeserializer<Long> {

    @Override
    public Long deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            return (Long) ctxt.handleUnexpectedToken(Long.class, p);
        }
        return p.getLongValue();
    }
}

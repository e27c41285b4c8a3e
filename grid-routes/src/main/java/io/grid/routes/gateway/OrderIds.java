package io.grid.routes.gateway;

import io.grid.routes.http.BadRequestException;
import io.grid.routes.http.RequestNumbers;
import org.apache.camel.Exchange;

import java.math.BigInteger;

/** Reads the order id of a gateway request path ({@code /orders/{orderId}/...}). */
public final class OrderIds {

    /** The header the REST DSL puts the path's order id into. */
    public static final String HEADER = "orderId";

    private OrderIds() {
    }

    /**
     * The order id in the path.
     *
     * @throws BadRequestException when it is not a decimal uint256
     */
    public static BigInteger of(Exchange exchange) {
        String raw = exchange.getIn().getHeader(HEADER, String.class);
        if (raw == null) {
            throw new BadRequestException("the order id in the path must be a decimal uint256");
        }
        return RequestNumbers.parse(HEADER, raw, 256, BigInteger.class);
    }
}

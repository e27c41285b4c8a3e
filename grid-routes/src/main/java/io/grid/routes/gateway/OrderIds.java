package io.grid.routes.gateway;

import io.grid.routes.http.BadRequestException;
import org.apache.camel.Exchange;

import java.math.BigInteger;
import java.util.regex.Pattern;

/** Reads the order id of a gateway request path ({@code /orders/{orderId}/...}). */
public final class OrderIds {

    /** The header the REST DSL puts the path's order id into. */
    public static final String HEADER = io.grid.routes.GridRoutes.HEADER_ORDER_ID;

    /** A uint256 in decimal, without sign or leading zeros. */
    private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]{0,77}");
    private static final BigInteger LIMIT = BigInteger.ONE.shiftLeft(256);

    private OrderIds() {
    }

    /**
     * The order id in the path.
     *
     * @throws BadRequestException when it is not a decimal uint256
     */
    public static BigInteger of(Exchange exchange) {
        String raw = exchange.getIn().getHeader(HEADER, String.class);
        if (raw == null || !DECIMAL.matcher(raw).matches() || new BigInteger(raw).compareTo(LIMIT) >= 0) {
            throw new BadRequestException("the order id in the path must be a decimal uint256");
        }
        return new BigInteger(raw);
    }
}

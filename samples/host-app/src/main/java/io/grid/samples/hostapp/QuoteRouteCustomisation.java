package io.grid.samples.hostapp;

import io.grid.routes.GridRoutes;
import java.nio.charset.StandardCharsets;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.stereotype.Component;

/**
 * Customises GRID's documented quote step ({@code direct:grid-platform-order-quote}, route
 * {@code grid-platform-order-quote}) by advising it: after GRID computed the quote, the host records it in
 * its audit and marks the answer with its own header. GRID's price logic stays untouched.
 */
@Component
public class QuoteRouteCustomisation implements CamelContextConfiguration {

    /** The GRID route this host customises. */
    static final String QUOTE_ROUTE = GridRoutes.PLATFORM_ORDER_QUOTE;
    /** The header the host adds to every quote answer. */
    static final String AUDIT_HEADER = "X-Acme-Quote-Audit";

    private final QuoteAudit audit;

    public QuoteRouteCustomisation(QuoteAudit audit) {
        this.audit = audit;
    }

    @Override
    public void beforeApplicationStart(CamelContext camel) {
        try {
            AdviceWith.adviceWith(camel, QUOTE_ROUTE, route -> route.weaveAddLast().process(exchange -> {
                byte[] body = exchange.getMessage().getBody(byte[].class);
                audit.record(new String(body, StandardCharsets.UTF_8));
                exchange.getMessage().setHeader(AUDIT_HEADER, "recorded #" + audit.quotes().size());
            }));
        } catch (Exception e) {
            throw new IllegalStateException("could not customise GRID route " + QUOTE_ROUTE, e);
        }
    }

    @Override
    public void afterApplicationStart(CamelContext camel) {
        // nothing to do once started
    }
}

package io.grid.starter.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grid.routes.GridRoutes;
import io.grid.routes.platform.jobs.OrderLifecycle;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Micrometer metrics of GRID's routes, observed from outside them: a Camel event notifier that watches the
 * exchanges of the documented routes (REST, scheduled jobs, or an integrator sending to their {@code direct:} steps)
 * when they complete, and records what they answered. Route logic stays untouched.
 *
 * <ul>
 *   <li>{@code grid.orders.created}, {@code grid.orders.cancelled}: timers of the steps
 *       {@code grid-platform-order-create} / {@code -cancel} (and their REST routes), tags {@code outcome}
 *       ({@code success}, {@code refused}, {@code failed}) and {@code status} (the HTTP status);</li>
 *   <li>{@code grid.credits}: timer of {@code direct:grid-platform-credit-purchase}, tags {@code outcome},
 *       {@code status} and {@code state} (the purchase's transfer state, {@code none} when refused);</li>
 *   <li>{@code grid.settlements}: counter of orders sent to settlement, tag {@code part}: {@code platform}
 *       (completions queued by {@code direct:grid-platform-order-lifecycle}) or {@code gateway} (orders ended by
 *       {@code direct:grid-gateway-order-lifecycle});</li>
 *   <li>{@code grid.greet}: timer of the greet steps, tags {@code type} ({@code 0}, {@code 1}, {@code 2}, or
 *       {@code none} when the request could not be read), {@code outcome} and {@code status}.</li>
 * </ul>
 * Credit amounts are not recorded: Micrometer measures in doubles, and GRID never holds money in a double.
 */
public class RouteMetrics extends EventNotifierSupport {

    /** Exchange property: the greet step already recorded this exchange. */
    private static final String GREET_RECORDED = "GridMetricsGreetRecorded";

    /** The typed greet steps and the {@code type} tag each records. */
    private static final Map<String, String> GREET_TYPES = Map.of(
            GridRoutes.GATEWAY_GREET_RESOURCES_AND_PAYMENT, "0",
            GridRoutes.GATEWAY_GREET_PAYEE, "1",
            GridRoutes.GATEWAY_GREET_SIGN_IN, "2");

    private final MeterRegistry registry;
    private final ObjectMapper json;

    /**
     * @param registry where the meters go
     * @param json     reads the purchase answers (for their state)
     */
    public RouteMetrics(MeterRegistry registry, ObjectMapper json) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.json = Objects.requireNonNull(json, "json");
        // Only the answer of a step matters; skip every other kind of event cheaply.
        setIgnoreCamelContextEvents(true);
        setIgnoreCamelContextInitEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeAsyncProcessingStartedEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.ExchangeSentEvent || event instanceof CamelEvent.ExchangeCompletedEvent
                || event instanceof CamelEvent.ExchangeFailedEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        if (event instanceof CamelEvent.ExchangeSentEvent sent) {
            // The greet route hands over to a typed step: the only place where the type is still known.
            String step = step(sent.getEndpoint());
            String type = GREET_TYPES.get(step);
            if (type != null) {
                greet(type, sent.getExchange(), Duration.ofMillis(Math.max(0, sent.getTimeTaken())));
            }
            return;
        }
        Exchange exchange = ((CamelEvent.ExchangeEvent) event).getExchange();
        Duration took = Duration.ofMillis(Math.max(0, exchange.getClock().elapsed()));
        // The route the exchange started in: the REST or timer route of a step, or the direct: step itself when an
        // integrator sends to it. Either way its step is the route id without the -rest / -timer ending.
        String step = stepOf(exchange.getFromRouteId());
        if (GREET_TYPES.containsKey(step)) {
            greet(GREET_TYPES.get(step), exchange, took);
            return;
        }
        switch (step) {
            case GridRoutes.PLATFORM_ORDER_CREATE -> timed("grid.orders.created", exchange, took);
            case GridRoutes.PLATFORM_ORDER_CANCEL -> timed("grid.orders.cancelled", exchange, took);
            case GridRoutes.PLATFORM_CREDIT_PURCHASE -> credit(exchange, took);
            case GridRoutes.PLATFORM_ORDER_LIFECYCLE -> {
                if (exchange.getMessage().getBody() instanceof OrderLifecycle.Pass pass) {
                    settled("platform", pass.queued());
                }
            }
            case GridRoutes.GATEWAY_ORDER_LIFECYCLE -> {
                if (exchange.getMessage().getBody() instanceof Integer ended) {
                    settled("gateway", ended);
                }
            }
            case GridRoutes.GATEWAY_GREET -> greet("none", exchange, took);
            default -> {
                // Not one of the observed routes.
            }
        }
    }

    /** The step a route belongs to: its id without the REST or timer ending; an empty string for none. */
    private static String stepOf(String routeId) {
        if (routeId == null) {
            return "";
        }
        for (String step : GridRoutes.STEPS) {
            if (routeId.equals(step) || routeId.equals(GridRoutes.restRouteId(step))
                    || routeId.equals(GridRoutes.timerRouteId(step))) {
                return step;
            }
        }
        return routeId;
    }

    /** The name of a {@code direct:} step, or an empty string for any other endpoint. */
    private static String step(Endpoint endpoint) {
        String uri = endpoint.getEndpointBaseUri();
        if (!uri.startsWith("direct:")) {
            return "";
        }
        String name = uri.substring("direct:".length());
        return name.startsWith("//") ? name.substring(2) : name;
    }

    private void timed(String name, Exchange exchange, Duration took) {
        int status = status(exchange);
        Timer.builder(name).tag("outcome", outcome(exchange, status)).tag("status", String.valueOf(status))
                .register(registry).record(took);
    }

    private void credit(Exchange exchange, Duration took) {
        int status = status(exchange);
        Timer.builder("grid.credits").tag("outcome", outcome(exchange, status)).tag("status", String.valueOf(status))
                .tag("state", status < 300 ? purchaseState(exchange) : "none")
                .register(registry).record(took);
    }

    private void greet(String type, Exchange exchange, Duration took) {
        // One greet request is recorded once: at its typed step, or at its end when it never reached one.
        if (exchange.getProperty(GREET_RECORDED) != null) {
            return;
        }
        exchange.setProperty(GREET_RECORDED, Boolean.TRUE);
        int status = status(exchange);
        Timer.builder("grid.greet").tag("type", type).tag("outcome", outcome(exchange, status))
                .tag("status", String.valueOf(status)).register(registry).record(took);
    }

    private void settled(String part, int orders) {
        // Registered even for an idle pass, so that the series exists from the first pass on.
        Counter.builder("grid.settlements").tag("part", part)
                .description("Orders sent to settlement").register(registry).increment(Math.max(0, orders));
    }

    /** The HTTP status the step answered; 500 when it failed without one. */
    private static int status(Exchange exchange) {
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (status == null) {
            return exchange.getException() != null ? 500 : 200;
        }
        return status;
    }

    private static String outcome(Exchange exchange, int status) {
        if (exchange.getException() != null || status >= 500) {
            return "failed";
        }
        return status >= 400 ? "refused" : "success";
    }

    /** The {@code state} of a purchase answer; {@code unknown} when the body is not one. */
    private String purchaseState(Exchange exchange) {
        byte[] body = exchange.getMessage().getBody(byte[].class);
        if (body == null) {
            return "unknown";
        }
        try {
            JsonNode state = json.readTree(body).get("state");
            return state != null && state.isTextual() ? state.asText() : "unknown";
        } catch (IOException e) {
            // An integrator's replacement step may answer something else; the metric still counts it.
            return "unknown";
        }
    }
}

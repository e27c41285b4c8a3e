package io.grid.routes.gateway.logs;

import io.grid.routes.GridRoutes;
import io.grid.routes.gateway.OrderIds;
import io.grid.routes.http.ApiExamples;
import io.grid.routes.http.BadRequestException;
import io.grid.routes.http.GridRouteBuilder;
import io.grid.routes.http.Json;
import io.grid.routes.http.Problems;
import io.netty.channel.ChannelHandlerContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.netty.NettyConstants;
import org.apache.camel.model.rest.ResponseMessageDefinition;
import org.apache.camel.model.rest.RestParamType;

import io.fabric8.kubernetes.api.model.events.v1.Event;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The logs and events of an order's app, for the order's signed-in user (cookie or bearer token):
 * <ul>
 *   <li>{@code GET /gateway/orders/{orderId}/app/logs?container=&tail=&since=&follow=} → {@value #LOGS}:
 *       plain text, each line prefixed {@code pod/container}; with {@code follow=true} a chunked answer
 *       that stays open until the client goes or the order is torn down ({@code Accept: text/event-stream}
 *       gets server-sent events instead of plain lines)</li>
 *   <li>{@code GET /gateway/orders/{orderId}/app/events?tail=&since=&follow=} → {@value #EVENTS}: the
 *       namespace's events, oldest first, each with the typed {@code failure} it tells of; with
 *       {@code follow=true} a chunked answer, one JSON object a line (or server-sent events), that stays open
 *       until the client goes or the order is torn down</li>
 *   <li>route {@code grid-gateway-cluster-event-watch}: the camel-kubernetes {@code kubernetes-events} consumer,
 *       watching the events of every namespace with the gateway's own {@code KubernetesClient}, hands each to
 *       {@value #CLUSTER_EVENT}, which passes those of order namespaces to the order's event followers</li>
 * </ul>
 * After teardown both answer what was retained, until it expires (then 410 {@code LOGS_EXPIRED}).
 */
public class GatewayLogRoutes extends GridRouteBuilder {

    /** The app's logs; headers {@code orderId}, {@code container}, {@code tail}, {@code since}, {@code follow}. */
    public static final String LOGS = GridRoutes.stepUri(GridRoutes.GATEWAY_APP_LOGS);
    /** The app's events; header {@code orderId}. */
    public static final String EVENTS = GridRoutes.stepUri(GridRoutes.GATEWAY_APP_EVENTS);

    /** One watched cluster event (body: an events.k8s.io/v1 {@code Event}) for the order's event followers. */
    public static final String CLUSTER_EVENT = GridRoutes.stepUri(GridRoutes.GATEWAY_CLUSTER_EVENT);
    /** The registry name under which the watch route finds the gateway's {@code KubernetesClient}. */
    public static final String KUBERNETES_CLIENT_BEAN = "gridGatewayKubernetesClient";
    /**
     * The cluster watch: events.k8s.io/v1 events of all namespaces (a Role cannot name the order namespaces,
     * which are made at run time), through the gateway's own client.
     */
    public static final String WATCH_URI = "kubernetes-events:cluster?kubernetesClient=#" + KUBERNETES_CLIENT_BEAN;

    private final AppLogs logs;

    public GatewayLogRoutes(Json json, Problems problems, AppLogs logs) {
        super(json, problems);
        this.logs = logs;
    }

    @Override
    protected void routes() {
        rest("/gateway")
                .get("/orders/{orderId}/app/logs").routeId(GridRoutes.restRouteId(GridRoutes.GATEWAY_APP_LOGS))
                .description("The app's log lines, each prefixed pod/container; follow=true keeps the answer open")
                .produces("text/plain,text/event-stream,application/problem+json")
                .param().name("container").type(RestParamType.query).required(false).endParam()
                .param().name("tail").type(RestParamType.query).required(false).dataType("integer").endParam()
                .param().name("since").type(RestParamType.query).required(false).dataType("integer")
                .description("seconds").endParam()
                .param().name("follow").type(RestParamType.query).required(false).dataType("boolean").endParam()
                .responseMessage().code(200).message("The log lines").responseModel(String.class)
                .example("logs", ApiExamples.LOGS).endResponseMessage()
                .responseMessages(logProblems())
                .to(LOGS)
                .get("/orders/{orderId}/app/events").routeId(GridRoutes.restRouteId(GridRoutes.GATEWAY_APP_EVENTS))
                .description("The app's namespace events, oldest first, each with the typed failure it tells of; "
                        + "follow=true keeps the answer open, one JSON object a line")
                .produces("application/json,application/x-ndjson,text/event-stream,application/problem+json")
                .param().name("tail").type(RestParamType.query).required(false).dataType("integer").endParam()
                .param().name("since").type(RestParamType.query).required(false).dataType("integer")
                .description("seconds").endParam()
                .param().name("follow").type(RestParamType.query).required(false).dataType("boolean").endParam()
                .responseMessage().code(200).message("The events").responseModel(Map[].class)
                .example("events", ApiExamples.EVENTS).endResponseMessage()
                .responseMessages(readProblems())
                .to(EVENTS);

        step(GridRoutes.GATEWAY_APP_LOGS)
                .process(this::logs);

        step(GridRoutes.GATEWAY_APP_EVENTS)
                .process(this::events);

        if (logs != null) {
            getContext().getRegistry().bind(KUBERNETES_CLIENT_BEAN, logs.kubernetes());
        }
        from(WATCH_URI).routeId(GridRoutes.watchRouteId(GridRoutes.GATEWAY_CLUSTER_EVENT))
                .to(CLUSTER_EVENT);

        step(GridRoutes.GATEWAY_CLUSTER_EVENT)
                .process(e -> logs.clusterEvent(e.getIn().getBody(Event.class)));
    }

    private void events(Exchange exchange) {
        BigInteger orderId = OrderIds.of(exchange);
        AppLogs.EventQuery query;
        try {
            query = new AppLogs.EventQuery(integer(exchange, "tail"),
                    integer(exchange, "since") == null ? null : integer(exchange, "since").longValue());
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
        if (!"true".equalsIgnoreCase(header(exchange, "follow"))) {
            respond(exchange, 200, logs.events(orderId, query, cookie(exchange), authorization(exchange)));
            return;
        }
        String accept = header(exchange, "Accept");
        boolean sse = accept != null && accept.contains("text/event-stream");
        ChannelHandlerContext channel = exchange.getIn().getHeader(NettyConstants.NETTY_CHANNEL_HANDLER_CONTEXT,
                ChannelHandlerContext.class);
        StreamedText out = new StreamedText(sse ? "text/event-stream" : "application/x-ndjson", channel, () -> { });
        logs.followEvents(orderId, query, cookie(exchange), authorization(exchange), out, sse,
                value -> new String(json.write(value), StandardCharsets.UTF_8));
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setBody(out);
    }

    /** The refusals of reading an app's logs and of reading its events, which check the same. */
    /** The refusals of reading an app's logs: those of {@link #readProblems()}, and a container not started yet. */
    private static List<ResponseMessageDefinition> logProblems() {
        List<ResponseMessageDefinition> problems = new ArrayList<>(readProblems());
        problems.add(problem(409, "CONTAINER_NOT_STARTED"));
        return problems;
    }

    private static List<ResponseMessageDefinition> readProblems() {
        return List.of(
                problem(400, "BAD_REQUEST, INVALID_ORDER_ID"),
                problem(401, "COOKIE_MISSING, COOKIE_INVALID, COOKIE_EXPIRED"),
                problem(403, "SESSION_FOR_OTHER_ORDER, NOT_ORDER_USER"),
                problem(404, "UNKNOWN_ORDER, NOT_FOUND (logs: no container of that name)"),
                problem(410, "LOGS_EXPIRED"),
                problem(503, "CLUSTER_UNAVAILABLE"));
    }

    private void logs(Exchange exchange) {
        BigInteger orderId = OrderIds.of(exchange);
        AppLogs.LogQuery query;
        try {
            query = new AppLogs.LogQuery(blankToNull(header(exchange, "container")), integer(exchange, "tail"),
                    integer(exchange, "since") == null ? null : integer(exchange, "since").longValue());
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
        boolean follow = "true".equalsIgnoreCase(header(exchange, "follow"));
        String accept = header(exchange, "Accept");
        boolean sse = accept != null && accept.contains("text/event-stream");
        if (!follow) {
            String text = AppLogs.format(logs.read(orderId, query, cookie(exchange), authorization(exchange)), sse);
            exchange.getMessage().removeHeaders("*");
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, sse ? "text/event-stream" : "text/plain; charset=utf-8");
            exchange.getMessage().setBody(text);
            return;
        }
        ChannelHandlerContext channel = exchange.getIn().getHeader(NettyConstants.NETTY_CHANNEL_HANDLER_CONTEXT,
                ChannelHandlerContext.class);
        StreamedText out = new StreamedText(sse ? "text/event-stream" : "text/plain; charset=utf-8", channel, () -> { });
        logs.follow(orderId, query, cookie(exchange), authorization(exchange), out, sse);
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setBody(out);
    }

    private static Integer integer(Exchange exchange, String name) {
        String value = blankToNull(header(exchange, name));
        if (value == null) {
            return null;
        }
        if (!value.matches("[0-9]{1,9}")) {
            throw new IllegalArgumentException(name + " must be a whole number, was " + value);
        }
        return Integer.valueOf(value);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String header(Exchange exchange, String name) {
        return exchange.getIn().getHeader(name, String.class);
    }

    private static String cookie(Exchange exchange) {
        return header(exchange, "Cookie");
    }

    private static String authorization(Exchange exchange) {
        return header(exchange, "Authorization");
    }
}

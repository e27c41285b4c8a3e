package io.grid.routes;

import java.util.List;

/**
 * The names of GRID's routes and headers, declared once; the route builders, the metrics, the samples and the
 * README use these.
 *
 * <p>One naming scheme: every step is a {@code direct:} endpoint whose route id is the endpoint's name
 * ({@code direct:grid-gateway-deploy} is route {@code grid-gateway-deploy}), so an integrator advises or replaces
 * exactly the route named by the endpoint it sends to. The REST route that hands a request to a step is the step's
 * name with {@code -rest} ({@link #restRouteId(String)}); the timer or Quartz route that starts a scheduled step is the
 * step's name with {@code -timer} ({@link #timerRouteId(String)}); the camel-kubernetes consumer route that hands
 * what it watches to a step is the step's name with {@code -watch} ({@link #watchRouteId(String)}).
 */
public final class GridRoutes {

    /** Registers a provider (signed RegisterProvider); REST {@code POST /providers}. */
    public static final String PLATFORM_PROVIDER_REGISTER = "grid-platform-provider-register";
    /** Changes a provider's terms (signed UpdateProvider); REST {@code PUT /providers/{address}}. */
    public static final String PLATFORM_PROVIDER_UPDATE = "grid-platform-provider-update";
    /** Deregisters a provider; REST {@code POST /providers/{address}/deregister}. */
    public static final String PLATFORM_PROVIDER_DEREGISTER = "grid-platform-provider-deregister";
    /** Lists providers with filters; REST {@code GET /providers}. */
    public static final String PLATFORM_PROVIDER_LIST = "grid-platform-provider-list";
    /** One provider; REST {@code GET /providers/{address}}. */
    public static final String PLATFORM_PROVIDER_GET = "grid-platform-provider-get";
    /** For every provider, the cost of resources or why it cannot serve them; REST {@code POST /providers/why}. */
    public static final String PLATFORM_PROVIDER_WHY = "grid-platform-provider-why";
    /** One pass of health probes of the registered providers' gateways (scheduled); the body afterwards is its pass. */
    public static final String PLATFORM_GATEWAY_PROBE = "grid-platform-gateway-probe";
    /** Quotes resources for a duration; REST {@code POST /orders/quote}. */
    public static final String PLATFORM_ORDER_QUOTE = "grid-platform-order-quote";
    /** Creates an order (signed CreateOrder); REST {@code POST /orders}. */
    public static final String PLATFORM_ORDER_CREATE = "grid-platform-order-create";
    /** One order; REST {@code GET /orders/{id}}. */
    public static final String PLATFORM_ORDER_GET = "grid-platform-order-get";
    /** A user's or a provider's orders; REST {@code GET /orders}. */
    public static final String PLATFORM_ORDER_LIST = "grid-platform-order-list";
    /** Cancels an order (signed CancelOrder); REST {@code POST /orders/{id}/cancel}. */
    public static final String PLATFORM_ORDER_CANCEL = "grid-platform-order-cancel";
    /** Reports a transfer; REST {@code POST /transfers}. */
    public static final String PLATFORM_TRANSFER_REPORT = "grid-platform-transfer-report";
    /** Refreshes a transfer's confirmations; REST {@code POST /transfers/{txHash}/refresh}. */
    public static final String PLATFORM_TRANSFER_REFRESH = "grid-platform-transfer-refresh";
    /** A user's transfers; REST {@code GET /transfers}. */
    public static final String PLATFORM_TRANSFER_LIST = "grid-platform-transfer-list";
    /** Buys credits with a confirmed transfer; REST {@code POST /credits/purchase}. */
    public static final String PLATFORM_CREDIT_PURCHASE = "grid-platform-credit-purchase";
    /** A user's credits; REST {@code GET /credits/{user}}. */
    public static final String PLATFORM_CREDIT_BALANCE = "grid-platform-credit-balance";
    /** Chain, outbox and database health; REST {@code GET /health}. */
    public static final String PLATFORM_HEALTH = "grid-platform-health";
    /** One pass of transfer confirmations (scheduled). */
    public static final String PLATFORM_TRANSFER_CONFIRMATIONS = "grid-platform-transfer-confirmations";
    /** One pass of the platform's order lifecycle (scheduled); the body afterwards is its {@code Pass}. */
    public static final String PLATFORM_ORDER_LIFECYCLE = "grid-platform-order-lifecycle";
    /** One pass of the transaction outbox (scheduled). */
    public static final String PLATFORM_OUTBOX_PASS = "grid-platform-outbox-pass";

    /** What the chain is (id, contracts, token, confirmations, EIP-712 domains); REST {@code GET /chain}. */
    public static final String PLATFORM_CHAIN = "grid-platform-chain";
    /** The typed data to sign for an action; REST {@code POST /typed-data/{action}}. */
    public static final String PLATFORM_TYPED_DATA = "grid-platform-typed-data";
    /** Relays a signed withdrawal of credits; REST {@code POST /credits/{user}/withdraw}. */
    public static final String PLATFORM_CREDIT_WITHDRAW = "grid-platform-credit-withdraw";

    /** Reads a greet request and dispatches it by type; REST {@code POST /gateway/greet}. */
    public static final String GATEWAY_GREET = "grid-gateway-greet";
    /** Greet type 0: capacity and full payment. */
    public static final String GATEWAY_GREET_RESOURCES_AND_PAYMENT = "grid-gateway-greet-0";
    /** Greet type 1: payee check, accepts the order on chain. */
    public static final String GATEWAY_GREET_PAYEE = "grid-gateway-greet-1";
    /** Greet type 2: sign-in, answers the cookie. */
    public static final String GATEWAY_GREET_SIGN_IN = "grid-gateway-greet-2";
    /** Hands out a sign-in nonce; REST {@code GET /gateway/orders/{orderId}/nonce}. */
    public static final String GATEWAY_SIGN_IN_NONCE = "grid-gateway-sign-in-nonce";
    /** Answers the exact sign-in text to sign; REST {@code GET /gateway/orders/{orderId}/sign-in?address=}. */
    public static final String GATEWAY_SIGN_IN_TEXT = "grid-gateway-sign-in-text";
    /** What the gateway's chain is; REST {@code GET /chain} (left out where the platform answers it). */
    public static final String GATEWAY_CHAIN = "grid-gateway-chain";
    /** Deploys an app; REST {@code POST /gateway/deploy}. */
    public static final String GATEWAY_DEPLOY = "grid-gateway-deploy";
    /** Replaces an order's app; REST {@code PUT /gateway/orders/{orderId}/app}. */
    public static final String GATEWAY_REDEPLOY = "grid-gateway-redeploy";
    /** An app's status; REST {@code GET /gateway/orders/{orderId}/app}. */
    public static final String GATEWAY_APP_STATUS = "grid-gateway-app-status";
    /** Removes an app; REST {@code DELETE /gateway/orders/{orderId}/app}. */
    public static final String GATEWAY_UNDEPLOY = "grid-gateway-undeploy";
    /** The app catalog; REST {@code GET /gateway/catalog}. */
    public static final String GATEWAY_CATALOG = "grid-gateway-catalog";
    /** The app's container logs, optionally followed; REST {@code GET /gateway/orders/{orderId}/app/logs}. */
    public static final String GATEWAY_APP_LOGS = "grid-gateway-app-logs";
    /** The events of the order's namespace; REST {@code GET /gateway/orders/{orderId}/app/events}. */
    public static final String GATEWAY_APP_EVENTS = "grid-gateway-app-events";
    /**
     * One Kubernetes event of an order namespace, as the cluster watch ({@link #watchRouteId(String)}, a
     * camel-kubernetes {@code kubernetes-events} consumer) hands it over; passed to the order's event followers.
     */
    public static final String GATEWAY_CLUSTER_EVENT = "grid-gateway-cluster-event";
    /** One pass of the gateway's order lifecycle (scheduled); the body afterwards is the number of orders ended. */
    public static final String GATEWAY_ORDER_LIFECYCLE = "grid-gateway-order-lifecycle";
    /**
     * One check of the cluster's capacity against the provider's registered terms (scheduled); when they drifted apart,
     * the registration is updated. The body afterwards is the new registered capacity, or null when unchanged.
     */
    public static final String GATEWAY_INVENTORY_DRIFT = "grid-gateway-inventory-drift";

    /** Every step above, in the README's order. */
    public static final List<String> STEPS = List.of(
            PLATFORM_PROVIDER_REGISTER, PLATFORM_PROVIDER_UPDATE, PLATFORM_PROVIDER_DEREGISTER, PLATFORM_PROVIDER_LIST,
            PLATFORM_PROVIDER_GET, PLATFORM_PROVIDER_WHY, PLATFORM_ORDER_QUOTE, PLATFORM_ORDER_CREATE, PLATFORM_ORDER_GET,
            PLATFORM_ORDER_LIST, PLATFORM_ORDER_CANCEL, PLATFORM_TRANSFER_REPORT, PLATFORM_TRANSFER_REFRESH,
            PLATFORM_TRANSFER_LIST, PLATFORM_CREDIT_PURCHASE, PLATFORM_CREDIT_BALANCE, PLATFORM_HEALTH,
            PLATFORM_TRANSFER_CONFIRMATIONS, PLATFORM_ORDER_LIFECYCLE, PLATFORM_OUTBOX_PASS, PLATFORM_GATEWAY_PROBE,
            PLATFORM_CHAIN, PLATFORM_TYPED_DATA, PLATFORM_CREDIT_WITHDRAW,
            GATEWAY_GREET, GATEWAY_GREET_RESOURCES_AND_PAYMENT, GATEWAY_GREET_PAYEE, GATEWAY_GREET_SIGN_IN,
            GATEWAY_SIGN_IN_NONCE, GATEWAY_SIGN_IN_TEXT, GATEWAY_CHAIN, GATEWAY_DEPLOY, GATEWAY_REDEPLOY, GATEWAY_APP_STATUS, GATEWAY_UNDEPLOY,
            GATEWAY_CATALOG, GATEWAY_APP_LOGS, GATEWAY_APP_EVENTS, GATEWAY_CLUSTER_EVENT, GATEWAY_ORDER_LIFECYCLE,
            GATEWAY_INVENTORY_DRIFT);

    /** Header: the order id of a gateway path ({@code /gateway/orders/{orderId}/...}), set by the REST DSL. */
    public static final String HEADER_ORDER_ID = "orderId";
    /** Header: the transaction hash of a transfer path ({@code /transfers/{txHash}/refresh}), set by the REST DSL. */
    public static final String HEADER_TX_HASH = "txHash";
    /** Header: the greet type (0, 1, 2) of the request {@link #GATEWAY_GREET} read. */
    public static final String HEADER_GREET_TYPE = "GridGreetType";

    private static final String DIRECT = "direct:";

    private GridRoutes() {
    }

    /** The endpoint of {@code step}: {@code direct:} and the step's name, which is also its route id. */
    public static String stepUri(String step) {
        return DIRECT + step;
    }

    /** The id of the REST route that hands its request to {@code step}. */
    public static String restRouteId(String step) {
        return step + "-rest";
    }

    /** The id of the route that watches the cluster (a camel-kubernetes consumer) and hands what it sees to {@code step}. */
    public static String watchRouteId(String step) {
        return step + "-watch";
    }

    /** The id of the timer or Quartz route that starts the scheduled {@code step}. */
    public static String timerRouteId(String step) {
        return step + "-timer";
    }
}

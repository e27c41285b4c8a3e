package io.grid.routes.platform.rest;

import io.grid.api.Address;
import io.grid.api.Resources;
import io.grid.routes.http.BadRequestException;
import io.grid.routes.http.GridRouteBuilder;
import io.grid.routes.http.Json;
import io.grid.routes.http.Problems;
import io.grid.routes.http.RequestNumbers;
import io.grid.routes.http.UintSchemas;
import io.grid.routes.platform.PlatformSettings;
import io.grid.routes.platform.rest.PlatformRequests.CancelRequest;
import io.grid.routes.platform.rest.PlatformRequests.CreditPurchaseRequest;
import io.grid.routes.platform.rest.PlatformRequests.OrderRequest;
import io.grid.routes.platform.rest.PlatformRequests.ProviderDeregistration;
import io.grid.routes.platform.rest.PlatformRequests.ProviderTerms;
import io.grid.routes.platform.rest.PlatformRequests.QuoteRequest;
import io.grid.routes.platform.rest.PlatformRequests.TransferReportRequest;
import io.grid.routes.platform.service.Credits;
import io.grid.routes.platform.service.Orders;
import io.grid.routes.platform.service.PlatformHealth;
import io.grid.routes.platform.service.ProviderQuery;
import io.grid.routes.platform.service.Providers;
import io.grid.routes.platform.service.Transfers;
import java.io.InputStream;
import java.math.BigInteger;
import org.apache.camel.Exchange;
import org.apache.camel.model.rest.RestBindingMode;
import org.apache.camel.model.rest.RestParamType;

/**
 * The platform's HTTP API: REST DSL on netty-http, JSON in and out, problem+json on every failure, the OpenAPI
 * document at {@code /openapi.json}. Each REST route hands over to a {@code direct:grid-platform-...} route that
 * does the business step; those are the extension points an integrator may replace (see the README).
 */
public class PlatformRestRoutes extends GridRouteBuilder {

    /** Property holding the block number the health check read through camel-web3j. */
    static final String BLOCK_NUMBER = "grid.platform.blockNumber";
    /** Property holding why the health check could not read it. */
    static final String CHAIN_ERROR = "grid.platform.chainError";

    private final PlatformSettings settings;
    private final String rpcUrl;
    private final Providers providers;
    private final Orders orders;
    private final Transfers transfers;
    private final Credits credits;
    private final PlatformHealth health;

    public PlatformRestRoutes(Json json, Problems problems, PlatformSettings settings, String rpcUrl,
                              Providers providers, Orders orders, Transfers transfers, Credits credits,
                              PlatformHealth health) {
        super(json, problems);
        this.settings = settings;
        this.rpcUrl = rpcUrl;
        this.providers = providers;
        this.orders = orders;
        this.transfers = transfers;
        this.credits = credits;
        this.health = health;
    }

    @Override
    protected void routes() {
        UintSchemas.install();
        // inlineRoutes(false): each direct: step stays a route of its own, an extension point integrators
        // can call, advise or replace (Camel would otherwise merge it into its REST route).
        restConfiguration().component("netty-http").host(settings.host()).port(settings.port())
                .bindingMode(RestBindingMode.off).inlineRoutes(false)
                .apiContextPath("/openapi.json")
                .apiProperty("api.title", "GRID platform API")
                .apiProperty("api.version", "1")
                .apiProperty("api.description", "Providers, orders, transfers and credits of the GRID computing-power "
                        + "marketplace. Every change on behalf of an address needs that address's EIP-712 signature.");

        providerApi();
        orderApi();
        transferApi();
        creditApi();
        healthApi();
    }

    private void providerApi() {
        rest("/providers").description("Providers of computing power, as the registry contract holds them")
                .post().routeId("platform-provider-register").description("Register a provider (signed RegisterProvider)")
                .consumes("application/json").produces("application/json").type(ProviderTerms.class)
                .to("direct:grid-platform-provider-register")
                .get().routeId("platform-provider-list").description("List registered providers; the min* filters apply "
                        + "to what each provider's open orders leave free, as read at most the provider cache's TTL ago")
                .produces("application/json")
                .param().name("minCpuMillicores").type(RestParamType.query).required(false).dataType("integer").endParam()
                .param().name("minMemoryMib").type(RestParamType.query).required(false).dataType("integer").endParam()
                .param().name("minStorageGib").type(RestParamType.query).required(false).dataType("integer").endParam()
                .param().name("minGpuCount").type(RestParamType.query).required(false).dataType("integer").endParam()
                .param().name("gpuModel").type(RestParamType.query).required(false).endParam()
                .param().name("maxPriceCpuMillicore").type(RestParamType.query).required(false).endParam()
                .param().name("maxPriceMemoryMib").type(RestParamType.query).required(false).endParam()
                .param().name("maxPriceStorageGib").type(RestParamType.query).required(false).endParam()
                .param().name("maxPriceGpu").type(RestParamType.query).required(false).endParam()
                .param().name("sort").type(RestParamType.query).required(false).description("price or address").endParam()
                .to("direct:grid-platform-provider-list")
                .get("/{address}").routeId("platform-provider-get").description("One registered provider")
                .produces("application/json")
                .to("direct:grid-platform-provider-get")
                .put("/{address}").routeId("platform-provider-update").description("Change a provider's terms (signed UpdateProvider)")
                .consumes("application/json").produces("application/json").type(ProviderTerms.class)
                .to("direct:grid-platform-provider-update")
                .post("/{address}/deregister").routeId("platform-provider-deregister")
                .description("Remove a provider (signed DeregisterProvider)")
                .consumes("application/json").produces("application/json").type(ProviderDeregistration.class)
                .to("direct:grid-platform-provider-deregister");

        from("direct:grid-platform-provider-register").routeId("grid-platform-provider-register")
                .process(e -> respond(e, 201, providers.register(terms(body(e, ProviderTerms.class)))));
        from("direct:grid-platform-provider-list").routeId("grid-platform-provider-list")
                .process(e -> respond(e, 200, providers.list(providerQuery(e))));
        from("direct:grid-platform-provider-get").routeId("grid-platform-provider-get")
                .process(e -> respond(e, 200, providers.get(address(e, "address"))));
        from("direct:grid-platform-provider-update").routeId("grid-platform-provider-update")
                .process(e -> {
                    ProviderTerms terms = body(e, ProviderTerms.class);
                    requireSame(address(e, "address"), terms.provider());
                    respond(e, 200, providers.update(terms(terms)));
                });
        from("direct:grid-platform-provider-deregister").routeId("grid-platform-provider-deregister")
                .process(e -> {
                    ProviderDeregistration request = body(e, ProviderDeregistration.class);
                    requireSame(address(e, "address"), request.provider());
                    respond(e, 200, providers.deregister(request.provider(), request.nonce(), request.deadline(),
                            request.signature()));
                });
    }

    private void orderApi() {
        rest("/orders").description("Orders of resources from one provider for a fixed time")
                .post("/quote").routeId("platform-order-quote").description("Cost of resources for a duration at a provider")
                .consumes("application/json").produces("application/json").type(QuoteRequest.class)
                .to("direct:grid-platform-order-quote")
                .post().routeId("platform-order-create").description("Create an order (signed CreateOrder)")
                .consumes("application/json").produces("application/json").type(OrderRequest.class)
                .to("direct:grid-platform-order-create")
                .get().routeId("platform-order-list").description("Orders of a user or of a provider")
                .produces("application/json")
                .param().name("user").type(RestParamType.query).required(false).endParam()
                .param().name("provider").type(RestParamType.query).required(false).endParam()
                .to("direct:grid-platform-order-list")
                .get("/{id}").routeId("platform-order-get").description("One order with its settlement so far")
                .produces("application/json")
                .to("direct:grid-platform-order-get")
                .post("/{id}/cancel").routeId("platform-order-cancel").description("Cancel an order (signed CancelOrder)")
                .consumes("application/json").produces("application/json").type(CancelRequest.class)
                .to("direct:grid-platform-order-cancel");

        from("direct:grid-platform-order-quote").routeId("grid-platform-order-quote")
                .process(e -> {
                    QuoteRequest request = body(e, QuoteRequest.class);
                    respond(e, 200, orders.quote(request.provider(), request.resources(), request.durationSeconds()));
                });
        from("direct:grid-platform-order-create").routeId("grid-platform-order-create")
                .process(e -> {
                    OrderRequest r = body(e, OrderRequest.class);
                    respond(e, 201, orders.create(new Orders.SignedOrder(r.user(), r.provider(), r.resources(),
                            r.durationSeconds(), r.maxCost(), r.nonce(), r.deadline(), r.signature())));
                });
        from("direct:grid-platform-order-list").routeId("grid-platform-order-list")
                .process(e -> {
                    Address user = optionalAddress(e, "user");
                    Address provider = optionalAddress(e, "provider");
                    if ((user == null) == (provider == null)) {
                        throw new BadRequestException("give exactly one of the query parameters user and provider");
                    }
                    respond(e, 200, user != null ? orders.byUser(user) : orders.byProvider(provider));
                });
        from("direct:grid-platform-order-get").routeId("grid-platform-order-get")
                .process(e -> respond(e, 200, orders.get(orderId(e))));
        from("direct:grid-platform-order-cancel").routeId("grid-platform-order-cancel")
                .process(e -> {
                    CancelRequest r = body(e, CancelRequest.class);
                    respond(e, 200, orders.cancel(orderId(e), r.user(), r.nonce(), r.deadline(), r.signature()));
                });
    }

    private void transferApi() {
        rest("/transfers").description("Token transfers to the market, turned into credits once confirmed")
                .post().routeId("platform-transfer-report").description("Report a transfer by transaction hash")
                .consumes("application/json").produces("application/json").type(TransferReportRequest.class)
                .to("direct:grid-platform-transfer-report")
                .post("/{txHash}/refresh").routeId("platform-transfer-refresh")
                .description("Check a transfer's receipt and confirmations now")
                .produces("application/json")
                .to("direct:grid-platform-transfer-refresh")
                .get().routeId("platform-transfer-list").description("A user's transfers with their confirmation state")
                .produces("application/json")
                .param().name("user").type(RestParamType.query).required(true).endParam()
                .to("direct:grid-platform-transfer-list");

        from("direct:grid-platform-transfer-report").routeId("grid-platform-transfer-report")
                .process(e -> respond(e, 200, transfers.report(body(e, TransferReportRequest.class).txHash())));
        from("direct:grid-platform-transfer-refresh").routeId("grid-platform-transfer-refresh")
                .process(e -> respond(e, 200, transfers.refresh(e.getIn().getHeader("txHash", String.class))));
        from("direct:grid-platform-transfer-list").routeId("grid-platform-transfer-list")
                .process(e -> respond(e, 200, transfers.byUser(address(e, "user"))));
    }

    private void creditApi() {
        rest("/credits").description("Credits bought with confirmed transfers")
                .post("/purchase").routeId("platform-credit-purchase")
                .description("Buy credits with a confirmed transfer (once per transfer)")
                .consumes("application/json").produces("application/json").type(CreditPurchaseRequest.class)
                .to("direct:grid-platform-credit-purchase")
                .get("/{user}").routeId("platform-credit-balance").description("A user's credits and escrow")
                .produces("application/json")
                .to("direct:grid-platform-credit-balance");

        from("direct:grid-platform-credit-purchase").routeId("grid-platform-credit-purchase")
                .process(e -> {
                    CreditPurchaseRequest r = body(e, CreditPurchaseRequest.class);
                    respond(e, 200, credits.purchase(r.txHash(), r.logIndex()));
                });
        from("direct:grid-platform-credit-balance").routeId("grid-platform-credit-balance")
                .process(e -> respond(e, 200, credits.balance(address(e, "user"))));
    }

    private void healthApi() {
        rest("/health").description("Whether the chain node and the database answer")
                .get().routeId("platform-health").description("200 when chain and database are up, 503 otherwise")
                .produces("application/json")
                .to("direct:grid-platform-health");

        from("direct:grid-platform-health").routeId("grid-platform-health")
                // The web3j producer reads its operation from headers too: none of the caller's may reach it.
                .removeHeaders("*")
                .setBody(constant(""))
                .doTry()
                    .to("web3j://" + rpcUrl + "?operation=ETH_BLOCK_NUMBER")
                    .process(e -> {
                        Object answer = e.getMessage().getBody();
                        if (answer instanceof BigInteger block) {
                            e.setProperty(BLOCK_NUMBER, block);
                        } else {
                            e.setProperty(CHAIN_ERROR, "eth_blockNumber answered an error: "
                                    + e.getMessage().getHeader("ERROR_MESSAGE", String.class));
                        }
                    })
                .doCatch(Exception.class)
                    .process(e -> e.setProperty(CHAIN_ERROR, "the chain node cannot be reached: "
                            + e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class).getMessage()))
                .end()
                .process(e -> {
                    PlatformHealth.Report report = health.report(e.getProperty(BLOCK_NUMBER, BigInteger.class),
                            e.getProperty(CHAIN_ERROR, String.class));
                    respond(e, report.httpStatus(), report);
                });
    }

    private <T> T body(Exchange exchange, Class<T> type) {
        return json.read(exchange.getIn().getBody(InputStream.class), type);
    }

    private static Providers.SignedTerms terms(ProviderTerms t) {
        return new Providers.SignedTerms(t.provider(), t.name(), t.gatewayUrl(), t.capacity(), t.prices(), t.nonce(),
                t.deadline(), t.signature());
    }

    private static void requireSame(Address inPath, Address inBody) {
        if (!inPath.equals(inBody)) {
            throw new BadRequestException("the provider in the path and the provider in the body differ");
        }
    }

    private static Address address(Exchange exchange, String name) {
        Address address = optionalAddress(exchange, name);
        if (address == null) {
            throw new BadRequestException(name + " is required");
        }
        return address;
    }

    private static Address optionalAddress(Exchange exchange, String name) {
        String value = exchange.getIn().getHeader(name, String.class);
        return value == null || value.isBlank() ? null : Address.of(value);
    }

    private static BigInteger orderId(Exchange exchange) {
        return number(exchange, "id");
    }

    private static BigInteger number(Exchange exchange, String name) {
        String value = exchange.getIn().getHeader(name, String.class);
        if (value == null || value.isBlank()) {
            return null;
        }
        return RequestNumbers.parse(name, value, 256, BigInteger.class);
    }

    private static long count(Exchange exchange, String name) {
        BigInteger value = number(exchange, name);
        if (value == null) {
            return 0;
        }
        return RequestNumbers.parse(name, value.toString(), 64, long.class).longValueExact();
    }

    private static ProviderQuery providerQuery(Exchange e) {
        String gpuModel = e.getIn().getHeader("gpuModel", String.class);
        long gpus = count(e, "minGpuCount");
        Resources minimum = new Resources(count(e, "minCpuMillicores"), count(e, "minMemoryMib"),
                count(e, "minStorageGib"), gpus, gpus > 0 ? gpuModel == null || gpuModel.isBlank() ? "any" : gpuModel : "");
        String sort = e.getIn().getHeader("sort", String.class);
        if (sort != null && !sort.equals("price") && !sort.equals("address")) {
            throw new BadRequestException("sort must be price or address");
        }
        return new ProviderQuery(minimum, gpuModel, new ProviderQuery.PriceLimits(number(e, "maxPriceCpuMillicore"),
                number(e, "maxPriceMemoryMib"), number(e, "maxPriceStorageGib"), number(e, "maxPriceGpu")),
                "price".equals(sort));
    }
}

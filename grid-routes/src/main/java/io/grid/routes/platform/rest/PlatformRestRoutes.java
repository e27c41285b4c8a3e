package io.grid.routes.platform.rest;

import static io.grid.routes.GridRoutes.*;

import io.grid.api.Address;
import io.grid.api.CreditBalance;
import io.grid.api.Provider;
import io.grid.api.Transfer;
import io.grid.api.Resources;
import io.grid.routes.http.ApiExamples;
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
import io.grid.routes.platform.rest.PlatformRequests.WhyRequest;
import io.grid.routes.platform.service.GatewayProbes;
import io.grid.routes.platform.service.ListedProvider;
import io.grid.routes.platform.service.WhyNot;
import io.grid.routes.platform.service.Credits;
import io.grid.routes.platform.service.OrderView;
import io.grid.routes.platform.service.Orders;
import io.grid.routes.platform.service.Quote;
import io.grid.routes.platform.service.PlatformHealth;
import io.grid.routes.platform.service.ProviderQuery;
import io.grid.routes.platform.service.Providers;
import io.grid.routes.platform.service.Transfers;
import io.grid.routes.platform.transfers.TransferReport;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.model.rest.ResponseMessageDefinition;
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
    private final GatewayProbes probes;
    private final WhyNot whyNot;

    public PlatformRestRoutes(Json json, Problems problems, PlatformSettings settings, String rpcUrl,
                              Providers providers, Orders orders, Transfers transfers, Credits credits,
                              PlatformHealth health, GatewayProbes probes, WhyNot whyNot) {
        super(json, problems);
        this.probes = probes;
        this.whyNot = whyNot;
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
                .post().routeId(restRouteId(PLATFORM_PROVIDER_REGISTER)).description("Register a provider (signed RegisterProvider)")
                .consumes("application/json").produces("application/json,application/problem+json").type(ProviderTerms.class)
                .responseMessage().code(201).message("The registered provider").responseModel(Provider.class)
                .example("provider", ApiExamples.PROVIDER_VIEW).endResponseMessage()
                .responseMessages(signedActionProblems(
                        problem(409, "ALREADY_REGISTERED, CHAIN_REFUSED")))
                .to(stepUri(PLATFORM_PROVIDER_REGISTER))
                .get().routeId(restRouteId(PLATFORM_PROVIDER_LIST)).description("List registered providers; the min* filters apply "
                        + "to what each provider's open orders leave free, as read at most the provider cache's TTL ago")
                .produces("application/json,application/problem+json")
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
                .responseMessage().code(200).message("The providers that fit, each with its gateway's probe results")
                .responseModel(ListedProvider[].class)
                .example("providers", ApiExamples.PROVIDERS).endResponseMessage()
                .responseMessage(problem(400, "BAD_REQUEST (sort), INVALID_<FIELD> (a number out of "
                        + "its on-chain range)"))
                .responseMessage(problem(503, "CHAIN_UNAVAILABLE"))
                .to(stepUri(PLATFORM_PROVIDER_LIST))
                .post("/why").routeId(restRouteId(PLATFORM_PROVIDER_WHY)).description("For every registered provider, "
                        + "what resources for a duration would cost there (as an order is charged) or every reason it "
                        + "cannot serve them: not enough of a resource, price above maxCost, GPU model absent, "
                        + "gateway offline. A read: no signature")
                .consumes("application/json").produces("application/json,application/problem+json").type(WhyRequest.class)
                .responseMessage().code(200).message("One answer per registered provider, those that fit first")
                .responseModel(WhyNot.Answer[].class)
                .example("whynot", ApiExamples.WHY_NOT).endResponseMessage()
                .responseMessage(problem(400, "BAD_REQUEST, INVALID_INPUT, INVALID_<FIELD> (a number out of its range)"))
                .responseMessage(problem(503, "CHAIN_UNAVAILABLE, DATABASE_UNAVAILABLE"))
                .to(stepUri(PLATFORM_PROVIDER_WHY))
                .get("/{address}").routeId(restRouteId(PLATFORM_PROVIDER_GET)).description("One registered provider")
                .produces("application/json,application/problem+json")
                .responseMessage().code(200).message("The provider, with its gateway's probe results")
                .responseModel(ListedProvider.class)
                .example("provider", ApiExamples.LISTED_PROVIDER).endResponseMessage()
                .responseMessage(problem(400, "INVALID_INPUT (not an address)"))
                .responseMessage(problem(404, "NOT_FOUND"))
                .responseMessage(problem(503, "CHAIN_UNAVAILABLE"))
                .to(stepUri(PLATFORM_PROVIDER_GET))
                .put("/{address}").routeId(restRouteId(PLATFORM_PROVIDER_UPDATE)).description("Change a provider's terms (signed UpdateProvider)")
                .consumes("application/json").produces("application/json,application/problem+json").type(ProviderTerms.class)
                .responseMessage().code(200).message("The provider with its new terms").responseModel(Provider.class)
                .example("provider", ApiExamples.PROVIDER_VIEW).endResponseMessage()
                .responseMessages(signedActionProblems(
                        problem(409, "PROVIDER_NOT_REGISTERED, CHAIN_REFUSED")))
                .to(stepUri(PLATFORM_PROVIDER_UPDATE))
                .post("/{address}/deregister").routeId(restRouteId(PLATFORM_PROVIDER_DEREGISTER))
                .description("Remove a provider (signed DeregisterProvider)")
                .consumes("application/json").produces("application/json,application/problem+json").type(ProviderDeregistration.class)
                .responseMessage().code(200).message("The provider as it was, now inactive")
                .responseModel(Provider.class)
                .example("provider", ApiExamples.PROVIDER_VIEW).endResponseMessage()
                .responseMessages(signedActionProblems(
                        problem(409, "PROVIDER_NOT_REGISTERED, CHAIN_REFUSED")))
                .to(stepUri(PLATFORM_PROVIDER_DEREGISTER));

        step(PLATFORM_PROVIDER_REGISTER)
                .process(e -> respond(e, 201, providers.register(terms(body(e, ProviderTerms.class)))));
        step(PLATFORM_PROVIDER_LIST)
                .process(e -> respond(e, 200, probes.listed(providers.list(providerQuery(e)))));
        step(PLATFORM_PROVIDER_GET)
                .process(e -> respond(e, 200, probes.listed(providers.get(address(e, "address")))));
        step(PLATFORM_PROVIDER_WHY)
                .process(e -> {
                    WhyRequest request = body(e, WhyRequest.class);
                    respond(e, 200, whyNot.ask(request.resources(), request.durationSeconds(), request.maxCost()));
                });
        step(PLATFORM_PROVIDER_UPDATE)
                .process(e -> {
                    ProviderTerms terms = body(e, ProviderTerms.class);
                    requireSame(address(e, "address"), terms.provider());
                    respond(e, 200, providers.update(terms(terms)));
                });
        step(PLATFORM_PROVIDER_DEREGISTER)
                .process(e -> {
                    ProviderDeregistration request = body(e, ProviderDeregistration.class);
                    requireSame(address(e, "address"), request.provider());
                    respond(e, 200, providers.deregister(request.provider(), request.nonce(), request.deadline(),
                            request.signature()));
                });
    }

    /**
     * The refusals of a signed action the platform relays to the chain: those of its body and signature, {@code own}
     * (the action's own, between 401 and 503), and those of the database, the chain and the relay's wait.
     */
    private static List<ResponseMessageDefinition> signedActionProblems(ResponseMessageDefinition... own) {
        List<ResponseMessageDefinition> problems = new ArrayList<>();
        problems.add(problem(400, "BAD_REQUEST, INVALID_INPUT, INVALID_<FIELD> (a number out of its on-chain range)"));
        problems.add(problem(401, "SIGNATURE_MISMATCH, MESSAGE_EXPIRED, NONCE_REPLAYED, UNKNOWN_NONCE"));
        problems.addAll(List.of(own));
        problems.add(problem(503, "CHAIN_UNAVAILABLE, DATABASE_UNAVAILABLE"));
        problems.add(problem(504, "RELAY_PENDING"));
        return problems;
    }

    private void orderApi() {
        rest("/orders").description("Orders of resources from one provider for a fixed time")
                .post("/quote").routeId(restRouteId(PLATFORM_ORDER_QUOTE)).description("Cost of resources for a duration at a provider")
                .consumes("application/json").produces("application/json,application/problem+json").type(QuoteRequest.class)
                .responseMessage().code(200).message("The cost in token base units").responseModel(Quote.class)
                .example("quote", ApiExamples.QUOTE).endResponseMessage()
                .responseMessage(problem(400, "BAD_REQUEST, INVALID_INPUT, INVALID_<FIELD>"))
                .responseMessage(problem(404, "NOT_FOUND (no such provider)"))
                .responseMessage(problem(409, "INSUFFICIENT_CAPACITY"))
                .responseMessage(problem(503, "CHAIN_UNAVAILABLE"))
                .to(stepUri(PLATFORM_ORDER_QUOTE))
                .post().routeId(restRouteId(PLATFORM_ORDER_CREATE)).description("Create an order (signed CreateOrder)")
                .consumes("application/json").produces("application/json,application/problem+json").type(OrderRequest.class)
                .responseMessage().code(201).message("The created order").responseModel(OrderView.class)
                .example("orderview", ApiExamples.ORDER).endResponseMessage()
                .responseMessages(signedActionProblems(
                        problem(402, "INSUFFICIENT_CREDITS"),
                        problem(404, "NOT_FOUND (no such provider)"),
                        problem(409, "INSUFFICIENT_CAPACITY, COST_ABOVE_LIMIT, CHAIN_REFUSED")))
                .to(stepUri(PLATFORM_ORDER_CREATE))
                .get().routeId(restRouteId(PLATFORM_ORDER_LIST)).description("Orders of a user or of a provider")
                .produces("application/json,application/problem+json")
                .param().name("user").type(RestParamType.query).required(false).endParam()
                .param().name("provider").type(RestParamType.query).required(false).endParam()
                .responseMessage().code(200).message("The orders").responseModel(OrderView[].class)
                .example("orderviews", ApiExamples.ORDERS).endResponseMessage()
                .responseMessage(problem(400, "BAD_REQUEST (exactly one of user and provider), "
                        + "INVALID_INPUT"))
                .responseMessage(problem(503, "DATABASE_UNAVAILABLE"))
                .to(stepUri(PLATFORM_ORDER_LIST))
                .get("/{id}").routeId(restRouteId(PLATFORM_ORDER_GET)).description("One order with its settlement so far")
                .produces("application/json,application/problem+json")
                .responseMessage().code(200).message("The order").responseModel(OrderView.class)
                .example("orderview", ApiExamples.ORDER).endResponseMessage()
                .responseMessage(problem(400, "INVALID_ID (not a uint256)"))
                .responseMessage(problem(404, "NOT_FOUND"))
                .responseMessage(problem(503, "CHAIN_UNAVAILABLE"))
                .to(stepUri(PLATFORM_ORDER_GET))
                .post("/{id}/cancel").routeId(restRouteId(PLATFORM_ORDER_CANCEL)).description("Cancel an order (signed CancelOrder)")
                .consumes("application/json").produces("application/json,application/problem+json").type(CancelRequest.class)
                .responseMessage().code(200).message("The cancelled order").responseModel(OrderView.class)
                .example("orderview", ApiExamples.ORDER).endResponseMessage()
                .responseMessages(signedActionProblems(
                        problem(403, "NOT_ORDER_USER"),
                        problem(404, "NOT_FOUND"),
                        problem(409, "ORDER_NOT_OPEN, CHAIN_REFUSED")))
                .to(stepUri(PLATFORM_ORDER_CANCEL));

        step(PLATFORM_ORDER_QUOTE)
                .process(e -> {
                    QuoteRequest request = body(e, QuoteRequest.class);
                    respond(e, 200, orders.quote(request.provider(), request.resources(), request.durationSeconds()));
                });
        step(PLATFORM_ORDER_CREATE)
                .process(e -> {
                    OrderRequest r = body(e, OrderRequest.class);
                    respond(e, 201, orders.create(new Orders.SignedOrder(r.user(), r.provider(), r.resources(),
                            r.durationSeconds(), r.maxCost(), r.nonce(), r.deadline(), r.signature())));
                });
        step(PLATFORM_ORDER_LIST)
                .process(e -> {
                    Address user = optionalAddress(e, "user");
                    Address provider = optionalAddress(e, "provider");
                    if ((user == null) == (provider == null)) {
                        throw new BadRequestException("give exactly one of the query parameters user and provider");
                    }
                    respond(e, 200, user != null ? orders.byUser(user) : orders.byProvider(provider));
                });
        step(PLATFORM_ORDER_GET)
                .process(e -> respond(e, 200, orders.get(orderId(e))));
        step(PLATFORM_ORDER_CANCEL)
                .process(e -> {
                    CancelRequest r = body(e, CancelRequest.class);
                    respond(e, 200, orders.cancel(orderId(e), r.user(), r.nonce(), r.deadline(), r.signature()));
                });
    }

    private void transferApi() {
        rest("/transfers").description("Token transfers to the market, turned into credits once confirmed")
                .post().routeId(restRouteId(PLATFORM_TRANSFER_REPORT)).description("Report a transfer by transaction hash")
                .consumes("application/json").produces("application/json,application/problem+json").type(TransferReportRequest.class)
                .responseMessage().code(200).message("What the transaction's receipt shows")
                .responseModel(TransferReport.class)
                .example("transferreport", ApiExamples.TRANSFER_REPORT).endResponseMessage()
                .responseMessage(problem(400, "BAD_REQUEST, INVALID_INPUT (not a transaction hash)"))
                .responseMessage(problem(409, "TRANSFER_REJECTED"))
                .responseMessage(problem(503, "CHAIN_UNAVAILABLE, DATABASE_UNAVAILABLE"))
                .to(stepUri(PLATFORM_TRANSFER_REPORT))
                .post("/{txHash}/refresh").routeId(restRouteId(PLATFORM_TRANSFER_REFRESH))
                .description("Check a transfer's receipt and confirmations now")
                .produces("application/json,application/problem+json")
                .responseMessage().code(200).message("What the transaction's receipt shows now")
                .responseModel(TransferReport.class)
                .example("transferreport", ApiExamples.TRANSFER_REPORT).endResponseMessage()
                .responseMessage(problem(400, "INVALID_INPUT (not a transaction hash)"))
                .responseMessage(problem(404, "NOT_FOUND (never reported)"))
                .responseMessage(problem(503, "CHAIN_UNAVAILABLE, DATABASE_UNAVAILABLE"))
                .to(stepUri(PLATFORM_TRANSFER_REFRESH))
                .get().routeId(restRouteId(PLATFORM_TRANSFER_LIST)).description("A user's transfers with their confirmation state")
                .produces("application/json,application/problem+json")
                .param().name("user").type(RestParamType.query).required(true).endParam()
                .responseMessage().code(200).message("The user's transfers").responseModel(Transfer[].class)
                .example("transfers", ApiExamples.TRANSFERS).endResponseMessage()
                .responseMessage(problem(400, "BAD_REQUEST (user is required), INVALID_INPUT"))
                .responseMessage(problem(503, "DATABASE_UNAVAILABLE"))
                .to(stepUri(PLATFORM_TRANSFER_LIST));

        step(PLATFORM_TRANSFER_REPORT)
                .process(e -> respond(e, 200, transfers.report(body(e, TransferReportRequest.class).txHash())));
        step(PLATFORM_TRANSFER_REFRESH)
                .process(e -> respond(e, 200, transfers.refresh(e.getIn().getHeader(HEADER_TX_HASH, String.class))));
        step(PLATFORM_TRANSFER_LIST)
                .process(e -> respond(e, 200, transfers.byUser(address(e, "user"))));
    }

    private void creditApi() {
        rest("/credits").description("Credits bought with confirmed transfers")
                .post("/purchase").routeId(restRouteId(PLATFORM_CREDIT_PURCHASE))
                .description("Buy credits with a confirmed transfer (once per transfer)")
                .consumes("application/json").produces("application/json,application/problem+json").type(CreditPurchaseRequest.class)
                .responseMessage().code(200).message("The purchase").responseModel(Credits.Purchase.class)
                .example("credits", ApiExamples.PURCHASE).endResponseMessage()
                .responseMessage(problem(400, "BAD_REQUEST, INVALID_INPUT, INVALID_<FIELD>"))
                .responseMessage(problem(404, "NOT_FOUND (no such transfer)"))
                .responseMessage(problem(409, "TRANSFER_NOT_CONFIRMED, TRANSFER_REJECTED, "
                        + "CHAIN_REFUSED"))
                .responseMessage(problem(503, "CHAIN_UNAVAILABLE, DATABASE_UNAVAILABLE"))
                .responseMessage(problem(504, "RELAY_PENDING"))
                .to(stepUri(PLATFORM_CREDIT_PURCHASE))
                .get("/{user}").routeId(restRouteId(PLATFORM_CREDIT_BALANCE)).description("A user's credits and escrow")
                .produces("application/json,application/problem+json")
                .responseMessage().code(200).message("The user's credits").responseModel(CreditBalance.class)
                .example("creditbalance", ApiExamples.CREDITS).endResponseMessage()
                .responseMessage(problem(400, "INVALID_INPUT (not an address)"))
                .responseMessage(problem(503, "CHAIN_UNAVAILABLE"))
                .to(stepUri(PLATFORM_CREDIT_BALANCE));

        step(PLATFORM_CREDIT_PURCHASE)
                .process(e -> {
                    CreditPurchaseRequest r = body(e, CreditPurchaseRequest.class);
                    respond(e, 200, credits.purchase(r.txHash(), r.logIndex()));
                });
        step(PLATFORM_CREDIT_BALANCE)
                .process(e -> respond(e, 200, credits.balance(address(e, "user"))));
    }

    private void healthApi() {
        rest("/health").description("Whether the chain node and the database answer")
                .get().routeId(restRouteId(PLATFORM_HEALTH)).description("200 when chain and database are up, 503 otherwise")
                .produces("application/json,application/problem+json")
                .responseMessage().code(200).message("Chain and database are up")
                .responseModel(PlatformHealth.Report.class)
                .example("platformhealth", ApiExamples.HEALTH).endResponseMessage()
                .responseMessage().code(503).message("Chain or database down: the same report with status DOWN (not a problem+json)")
                .responseModel(PlatformHealth.Report.class).endResponseMessage()
                .to(stepUri(PLATFORM_HEALTH));

        step(PLATFORM_HEALTH)
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

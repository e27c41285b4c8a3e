package io.grid.routes.chain;

import io.grid.routes.GridRoutes;
import io.grid.api.ChainDescription;
import io.grid.routes.http.ApiExamples;
import io.grid.routes.http.GridRouteBuilder;
import io.grid.routes.http.Json;
import io.grid.routes.http.Problems;

/**
 * {@code GET /chain}: what a wallet needs (see {@link ChainDescriptions}). The REST route
 * {@code grid-<side>-chain-rest} hands over to {@code direct:grid-<side>-chain} ({@link GridRoutes#PLATFORM_CHAIN} or
 * {@link GridRoutes#GATEWAY_CHAIN}), {@code side} being {@code platform} or {@code gateway}; a server that runs both
 * answers once, from the platform.
 */
public class ChainDescriptionRoutes extends GridRouteBuilder {

    private final ChainDescriptions descriptions;
    /** {@link GridRoutes#PLATFORM_CHAIN} or {@link GridRoutes#GATEWAY_CHAIN}. */
    private final String step;

    /**
     * @param json         the JSON mapping
     * @param problems     the problem mapping
     * @param descriptions what to answer
     * @param side         {@code platform} or {@code gateway}: names the routes
     */
    public ChainDescriptionRoutes(Json json, Problems problems, ChainDescriptions descriptions, String side) {
        super(json, problems);
        if (!side.equals("platform") && !side.equals("gateway")) {
            throw new IllegalArgumentException("side must be platform or gateway");
        }
        this.descriptions = descriptions;
        this.step = side.equals("platform") ? GridRoutes.PLATFORM_CHAIN : GridRoutes.GATEWAY_CHAIN;
    }

    @Override
    protected void routes() {
        rest("/chain").description("The chain, contracts, token and EIP-712 domains a wallet needs")
                .get().routeId(GridRoutes.restRouteId(step)).description("Chain id, contracts, token, confirmations, EIP-712 domains")
                .produces("application/json,application/problem+json").outType(ChainDescription.class)
                .responseMessage().code(200).message("The chain, contracts, token and domains")
                .responseModel(ChainDescription.class)
                .example("chain", ApiExamples.CHAIN).endResponseMessage()
                .responseMessage(problem(503, "CHAIN_UNAVAILABLE (the token could not be read)"))
                .to(GridRoutes.stepUri(step));

        step(step)
                .process(e -> respond(e, 200, descriptions.describe()));
    }
}

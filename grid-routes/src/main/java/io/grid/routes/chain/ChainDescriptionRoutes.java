package io.grid.routes.chain;

import io.grid.routes.http.GridRouteBuilder;
import io.grid.routes.http.Json;
import io.grid.routes.http.Problems;

/**
 * {@code GET /chain}: what a wallet needs (see {@link ChainDescriptions}). The REST route {@code <side>-chain} hands
 * over to {@code direct:grid-<side>-chain}, {@code side} being {@code platform} or {@code gateway}; a server that
 * runs both answers once, from the platform.
 */
public class ChainDescriptionRoutes extends GridRouteBuilder {

    private final ChainDescriptions descriptions;
    private final String side;

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
        this.side = side;
    }

    @Override
    protected void routes() {
        rest("/chain").description("The chain, contracts, token and EIP-712 domains a wallet needs")
                .get().routeId(side + "-chain").description("Chain id, contracts, token, confirmations, EIP-712 domains")
                .produces("application/json")
                .to("direct:grid-" + side + "-chain");

        from("direct:grid-" + side + "-chain").routeId("grid-" + side + "-chain")
                .process(e -> respond(e, 200, descriptions.describe()));
    }
}

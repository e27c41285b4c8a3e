package io.grid.cli;

import io.grid.api.ChainDescription;
import io.grid.client.Chains;
import picocli.CommandLine.Command;

/** {@code grid chain}: what the platform's {@code /chain} says. */
@Command(name = "chain", description = "The chain, token and contracts the platform works with.")
final class ChainCommand extends GridCommand {

    @Override
    void run() {
        ChainDescription chain = grid().chain();
        out().data(chain);
        out().line("platform       " + grid().platformUrl());
        out().line("chain id       " + chain.chainId() + (Chains.isLocalDevelopmentChain(chain)
                ? " (local development chain)" : ""));
        out().line("JSON-RPC       " + (chain.rpcUrl() == null ? "(none published; use your own node)" : chain.rpcUrl()));
        out().line("token          " + chain.token().symbol() + " at " + chain.token().address() + ", "
                + chain.token().decimals() + " decimals");
        out().line("pay to         " + chain.payTo());
        out().line("confirmations  " + chain.confirmations());
        out().line("registry       " + chain.registry());
        out().line("market         " + chain.market());
    }
}

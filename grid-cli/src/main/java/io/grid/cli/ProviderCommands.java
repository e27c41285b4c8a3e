package io.grid.cli;

import io.grid.api.Address;
import io.grid.api.ChainDescription;
import io.grid.api.Provider;
import io.grid.api.Resources;
import io.grid.api.UnitPrices;
import io.grid.client.ChainNode;
import io.grid.client.Chains;
import io.grid.client.ProviderFilter;
import io.grid.client.ProviderTerms;
import io.grid.client.Signer;
import io.grid.client.TokenAmount;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code grid provider register | update | deregister | earnings | withdraw}: the provider's side. */
@Command(name = "provider", description = "Your side as a provider: register terms, change them, earnings.",
        subcommands = {ProviderCommands.Register.class, ProviderCommands.Update.class,
                ProviderCommands.Deregister.class, ProviderCommands.Earnings.class, ProviderCommands.Withdraw.class})
final class ProviderCommands {

    /** Cost per hour of {@code resources} at {@code prices}, in base units. */
    static BigInteger perHour(Resources resources, UnitPrices prices) {
        return BigInteger.valueOf(resources.cpuMillicores()).multiply(prices.perCpuMillicore())
                .add(BigInteger.valueOf(resources.memoryMib()).multiply(prices.perMemoryMib()))
                .add(BigInteger.valueOf(resources.storageGib()).multiply(prices.perStorageGib()))
                .add(BigInteger.valueOf(resources.gpuCount()).multiply(prices.perGpu()))
                .multiply(BigInteger.valueOf(3600));
    }

    @Command(name = "providers", description = "Providers with room for the resources asked, with their price per "
            + "hour for them.")
    static final class List extends GridCommand {

        @Mixin
        ResourceOptions asked;

        @Option(names = "--max-price", paramLabel = "TOKENS", description = "Highest price per hour for the asked "
                + "resources, in tokens (e.g. 0.5).")
        String maxPrice;

        @Option(names = "--sort", paramLabel = "KEY", defaultValue = "price",
                description = "price (per hour for the asked resources, cheapest first) or address.")
        String sort;

        @Override
        void run() {
            Grid grid = grid();
            Resources wanted = asked.resources();
            ChainDescription.Token token = grid.chain().token();
            ProviderFilter filter = new ProviderFilter(wanted.cpuMillicores(), wanted.memoryMib(),
                    wanted.storageGib(), wanted.gpuCount(), wanted.gpuModel().isEmpty() ? null : wanted.gpuModel(),
                    null, null, null, null, "address".equals(sort) ? "address" : "price");
            java.util.List<Provider> providers = new ArrayList<>(grid.client().providers(filter));
            providers.removeIf(p -> !p.active());
            if (maxPrice != null) {
                BigInteger limit = TokenAmount.parse(maxPrice, token.decimals());
                providers.removeIf(p -> perHour(wanted, p.prices()).compareTo(limit) > 0);
            }
            if ("price".equals(sort)) {
                providers.sort(Comparator.comparing((Provider p) -> perHour(wanted, p.prices()))
                        .thenComparing(p -> p.address().value()));
            } else if (!"address".equals(sort)) {
                throw new UsageProblem("--sort is price or address");
            }
            java.util.List<Map<String, Object>> data = new ArrayList<>();
            java.util.List<java.util.List<String>> rows = new ArrayList<>();
            for (Provider p : providers) {
                BigInteger hour = perHour(wanted, p.prices());
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("provider", p);
                row.put("pricePerHour", hour);
                data.add(row);
                rows.add(java.util.List.of(p.address().value(), p.name(), Output.resources(p.free()),
                        wanted.isEmpty() ? "-" : Output.amount(hour, token.decimals(), token.symbol()),
                        p.gatewayUrl()));
            }
            out().data(data);
            out().table(java.util.List.of("PROVIDER", "NAME", "FREE", wanted.isEmpty() ? "PRICE/H"
                    : "PRICE/H FOR " + Output.resources(wanted), "GATEWAY"), rows);
            if (rows.isEmpty()) {
                out().line("(no provider has room for " + Output.resources(wanted) + ")");
            } else if (wanted.isEmpty()) {
                out().line("Ask with --cpu, --memory, --storage (and --gpu) to see each provider's price per hour.");
            }
        }
    }

    abstract static class WithTerms extends GridCommand {
        @Option(names = "--terms", required = true, paramLabel = "FILE", description = "The provider's terms file "
                + "(TOML: name, gateway-url, [capacity], [prices] per unit and second in base units).")
        Path terms;

        @Option(names = "--gateway-url", paramLabel = "URL", description = "Overrides the terms file's gateway-url.")
        String gatewayUrl;

        ProviderTerms terms() {
            ProviderTerms read = TermsFile.read(terms);
            return gatewayUrl == null ? read
                    : new ProviderTerms(read.name(), gatewayUrl, read.capacity(), read.prices());
        }

        void show(String what, Provider provider) {
            ChainDescription.Token token = grid().chain().token();
            out().data(provider);
            out().line(what + " provider " + provider.address() + " '" + provider.name() + "' with gateway "
                    + provider.gatewayUrl());
            out().line("  capacity  " + Output.resources(provider.capacity()));
            out().line("  prices    per core-hour " + Output.amount(provider.prices().perCpuMillicore()
                    .multiply(BigInteger.valueOf(3_600_000)), token.decimals(), token.symbol())
                    + ", per GiB-hour of memory " + Output.amount(provider.prices().perMemoryMib()
                    .multiply(BigInteger.valueOf(1024 * 3600)), token.decimals(), token.symbol()));
        }
    }

    @Command(name = "register", description = "Register your account as a provider with a terms file.")
    static final class Register extends WithTerms {
        @Override
        void run() {
            show("Registered", grid().client().registerProvider(grid().signer(), terms()));
        }
    }

    @Command(name = "update", description = "Change your registered terms.")
    static final class Update extends WithTerms {
        @Override
        void run() {
            show("Updated", grid().client().updateProvider(grid().signer(), terms()));
        }
    }

    @Command(name = "deregister", description = "Leave the registry (open orders run to their end).")
    static final class Deregister extends GridCommand {
        @Override
        void run() {
            Provider provider = grid().client().deregisterProvider(grid().signer());
            out().data(provider);
            out().line("Deregistered provider " + provider.address() + ".");
        }
    }

    @Command(name = "earnings", description = "What the market holds for you from settled orders.")
    static final class Earnings extends GridCommand {
        @Override
        void run() {
            Grid grid = grid();
            Address me = Address.of(grid.accounts().address(grid.accountName()));
            ChainDescription chain = grid.chain();
            try (ChainNode node = grid.chainNode()) {
                BigInteger earnings = node.earnings(chain.market(), me);
                out().data(Map.of("provider", me, "earnings", earnings));
                out().line("Earnings of " + me + ": " + Chains.format(chain.token(), earnings)
                        + (earnings.signum() > 0 ? " (withdraw with 'grid provider withdraw')" : ""));
            }
        }
    }

    @Command(name = "withdraw", description = "Withdraw your earnings to your wallet (your own transaction).")
    static final class Withdraw extends GridCommand {
        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "2m", converter = Durations.class,
                description = "How long to wait for the transaction (default 2m).")
        long timeoutSeconds;

        @Override
        void run() {
            Grid grid = grid();
            Signer signer = grid.signer();
            ChainDescription chain = grid.chain();
            try (ChainNode node = grid.chainNode()) {
                BigInteger earnings = node.earnings(chain.market(), signer.address());
                if (earnings.signum() == 0) {
                    out().data(Map.of("provider", signer.address(), "withdrawn", BigInteger.ZERO));
                    out().line("Nothing to withdraw.");
                    return;
                }
                String tx = node.withdrawEarnings(signer, chain.market());
                MoneyCommands.awaitMined(node, tx, timeoutSeconds);
                BigInteger wallet = node.tokenBalance(chain.token().address(), signer.address());
                out().data(Map.of("provider", signer.address(), "withdrawn", earnings, "txHash", tx, "wallet", wallet));
                out().line("Withdrew " + Chains.format(chain.token(), earnings) + " (" + tx + "); wallet now "
                        + Chains.format(chain.token(), wallet) + ".");
            }
        }
    }
}

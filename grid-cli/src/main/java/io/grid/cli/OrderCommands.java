package io.grid.cli;

import io.grid.api.Address;
import io.grid.api.ChainDescription;
import io.grid.api.SignatureRequest;
import io.grid.client.Chains;
import io.grid.client.OrderStatus;
import io.grid.client.Quote;
import io.grid.client.Signer;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code grid quote} and {@code grid order create | show | list | cancel | wait}. */
@Command(name = "order", description = "Your orders: create, show, list, cancel, wait for one.",
        subcommands = {OrderCommands.Create.class, OrderCommands.Show.class, OrderCommands.ListMine.class,
                OrderCommands.Cancel.class, OrderCommands.Wait.class})
final class OrderCommands {

    static final class Wanted {
        @Option(names = "--provider", required = true, paramLabel = "ADDRESS", description = "The provider.")
        String provider;

        @Mixin
        ResourceOptions resources;

        @Option(names = "--duration", required = true, paramLabel = "DURATION", converter = Durations.class,
                description = "How long, e.g. 90s, 10m, 2h.")
        long durationSeconds;

        Address providerAddress() {
            try {
                return Address.of(provider);
            } catch (IllegalArgumentException e) {
                throw new UsageProblem("--provider: " + e.getMessage());
            }
        }
    }

    static BigInteger orderId(String text) {
        try {
            BigInteger id = new BigInteger(text.strip());
            if (id.signum() < 0) {
                throw new NumberFormatException();
            }
            return id;
        } catch (NumberFormatException e) {
            throw new UsageProblem("'" + text + "' is no order id");
        }
    }

    static void show(Output out, ChainDescription.Token token, OrderStatus o) {
        out.line("order     " + o.id() + "  " + o.state() + (o.settled() ? ", settled" : ""));
        out.line("provider  " + o.provider());
        out.line("user      " + o.user());
        out.line("ordered   " + Output.resources(o.resources()) + " for " + Output.duration(o.durationSeconds()));
        out.line("cost      " + Chains.format(token, o.cost()));
        if (o.startedAt() != null) {
            out.line("started   " + o.startedAt() + (o.endedAt() != null ? ", ended " + o.endedAt() : ""));
        }
        out.line("served    " + o.servedSeconds() + " of " + o.durationSeconds() + " s: provider "
                + Chains.format(token, o.providerShare()) + ", refund " + Chains.format(token, o.refund()));
    }

    @Command(name = "quote", description = "What resources cost for a duration at a provider's prices now.")
    static final class QuoteCommand extends GridCommand {
        @Mixin
        Wanted wanted;

        @Override
        void run() {
            ChainDescription.Token token = grid().chain().token();
            Quote quote = grid().client().quote(wanted.providerAddress(), wanted.resources.resources(),
                    wanted.durationSeconds);
            out().data(quote);
            out().line(Output.resources(quote.resources()) + " for " + Output.duration(quote.durationSeconds())
                    + " at " + quote.provider() + " cost " + Chains.format(token, quote.cost()) + " ("
                    + quote.cost() + " base units).");
        }
    }

    @Command(name = "create", description = "Order resources: signs the cost limit the platform quotes now and pays "
            + "from your credits into escrow.")
    static final class Create extends GridCommand {
        @Mixin
        Wanted wanted;

        @Option(names = {"-q", "--quiet"}, description = "Print only the new order's id.")
        boolean quiet;

        @Override
        void run() {
            Grid grid = grid();
            ChainDescription.Token token = grid.chain().token();
            Signer signer = grid.signer();
            SignatureRequest toSign = grid.client().orderToSign(signer.address(), wanted.providerAddress(),
                    wanted.resources.resources(), wanted.durationSeconds);
            Object maxCost = toSign.typedData().get("message") instanceof Map<?, ?> message
                    ? message.get("maxCost") : null;
            if (maxCost != null && !quiet) {
                out().line("Signing an order that costs at most " + Chains.format(token, new BigInteger(
                        maxCost.toString())) + " (the provider's prices now; a raise before it is mined voids it).");
            }
            OrderStatus order = grid.client().createOrder(signer, toSign);
            out().data(order);
            if (quiet) {
                out().line(order.id().toString());
                return;
            }
            out().line("Created order " + order.id() + " (" + order.state() + "): " + Chains.format(token, order.cost())
                    + " in escrow.");
            out().line("Next: grid deploy " + order.id() + " --template NAME   (see 'grid app catalog " + order.id()
                    + "')");
        }
    }

    @Command(name = "show", description = "One order: state, cost, served time and settlement so far.")
    static final class Show extends GridCommand {
        @Parameters(paramLabel = "ORDER")
        String id;

        @Override
        void run() {
            OrderStatus order = grid().client().order(orderId(id));
            out().data(order);
            show(out(), grid().chain().token(), order);
        }
    }

    @Command(name = "list", description = "Your orders (or, with --as-provider, the orders you serve).")
    static final class ListMine extends GridCommand {
        @Option(names = "--as-provider", description = "The orders made with your account as provider.")
        boolean asProvider;

        @Override
        void run() {
            Grid grid = grid();
            Address me = Address.of(grid.accounts().address(grid.accountName()));
            ChainDescription.Token token = grid.chain().token();
            List<OrderStatus> orders = asProvider ? grid.client().ordersOfProvider(me) : grid.client().ordersOfUser(me);
            List<List<String>> rows = new ArrayList<>();
            for (OrderStatus o : orders) {
                rows.add(List.of(o.id().toString(), o.state().name() + (o.settled() ? " settled" : ""),
                        (asProvider ? o.user() : o.provider()).value(), Output.resources(o.resources()),
                        Output.duration(o.durationSeconds()), Chains.format(token, o.cost())));
            }
            out().data(orders);
            out().table(List.of("ORDER", "STATE", asProvider ? "USER" : "PROVIDER", "RESOURCES", "DURATION", "COST"),
                    rows);
        }
    }

    @Command(name = "cancel", description = "Cancel your order; the escrow comes back as the contract rules.")
    static final class Cancel extends GridCommand {
        @Parameters(paramLabel = "ORDER")
        String id;

        @Override
        void run() {
            Grid grid = grid();
            OrderStatus order = grid.client().cancelOrder(grid.signer(), orderId(id));
            out().data(order);
            out().line("Order " + order.id() + " is " + order.state() + ".");
        }
    }

    @Command(name = "wait", description = "Wait until the order is active, or has ended and is settled.")
    static final class Wait extends GridCommand {
        @Parameters(paramLabel = "ORDER")
        String id;

        @Option(names = "--until", defaultValue = "settled", paramLabel = "STATE",
                description = "active or settled (default).")
        String until;

        @Option(names = "--timeout", paramLabel = "DURATION", converter = Durations.class,
                description = "How long to wait (default: the order's remaining time plus 5 minutes).")
        Long timeoutSeconds;

        @Override
        void run() {
            Grid grid = grid();
            BigInteger orderId = orderId(id);
            OrderStatus first = grid.client().order(orderId);
            long timeout = timeoutSeconds != null ? timeoutSeconds
                    : Math.max(0, first.durationSeconds() - first.servedSeconds()) + 300;
            String[] last = {""};
            OrderStatus done;
            switch (until.toLowerCase(Locale.ROOT)) {
                case "active" -> done = grid.client().awaitOrder(orderId, "to be active", OrderStatus::isActive,
                        Duration.ofSeconds(timeout), o -> progress(o, last));
                case "settled" -> done = grid.client().awaitOrderSettled(orderId, Duration.ofSeconds(timeout),
                        o -> progress(o, last));
                default -> throw new UsageProblem("--until is active or settled");
            }
            out().data(done);
            show(out(), grid.chain().token(), done);
        }

        private void progress(OrderStatus o, String[] last) {
            String line = o.state() + (o.settled() ? " settled" : "") + ", served " + (o.servedSeconds() / 10 * 10)
                    + " of " + o.durationSeconds() + " s";
            if (!line.equals(last[0])) {
                last[0] = line;
                out().progress(line);
            }
        }
    }
}

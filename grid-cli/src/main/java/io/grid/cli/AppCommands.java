package io.grid.cli;

import io.grid.api.Address;
import io.grid.api.DeployRequest;
import io.grid.api.DeployResult;
import io.grid.api.OrderState;
import io.grid.client.AppListing;
import io.grid.client.AppStatus;
import io.grid.client.GatewayClient;
import io.grid.client.GridUnavailableException;
import io.grid.client.OrderStatus;
import io.grid.client.Session;
import io.grid.client.Signer;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code grid deploy} and {@code grid app status | url | token | get | undeploy | catalog}. */
@Command(name = "app", description = "Your order's app at the provider's gateway.",
        subcommands = {AppCommands.Status.class, AppCommands.Url.class, AppCommands.Token.class, AppCommands.Get.class,
                AppCommands.Undeploy.class, AppCommands.Catalog.class})
final class AppCommands {

    /** The order, its provider's gateway and a signed-in session, found or made. */
    record Reach(OrderStatus order, GatewayClient gateway, Session session) {
    }

    static GatewayClient gatewayOf(Grid grid, OrderStatus order) {
        return grid.gateway(grid.client().provider(order.provider()).gatewayUrl());
    }

    /** Finds a live session for the order or signs in at its gateway (greet 2) as the account. */
    static Reach reach(Grid grid, BigInteger orderId) {
        OrderStatus order = grid.client().order(orderId);
        GatewayClient gateway = gatewayOf(grid, order);
        Address me = Address.of(grid.accounts().address(grid.accountName()));
        Sessions sessions = new Sessions(home(grid));
        Session session = sessions.find(orderId, me).orElseGet(() -> {
            Signer signer = grid.signer();
            Session fresh = gateway.signIn(signer, orderId);
            sessions.save(fresh, me);
            return fresh;
        });
        return new Reach(order, gateway, session);
    }

    static Path home(Grid grid) {
        String home = grid.env("GRID_HOME");
        return home != null ? Path.of(home) : Path.of(System.getProperty("user.home"), ".grid");
    }

    static String appUrl(Grid grid, BigInteger orderId) {
        return grid.proxyUrl() + "/orders/" + orderId + "/app/";
    }

    static void howToReach(Output out, Grid grid, BigInteger orderId) {
        String url = appUrl(grid, orderId);
        out.line("App URL   " + url);
        out.line("Reach it  grid app get " + orderId);
        out.line("     or   curl -H \"Authorization: Bearer $(grid app token " + orderId + ")\" " + url);
        out.line("          (the token is a secret of this order's session; a browser carries the same session as the "
                + "gateway's HttpOnly cookie from greet 2)");
    }

    @Command(name = "deploy", description = "Greet the provider's gateway (0: resources and payment, 1: payee, "
            + "2: sign in), deploy an app for the order and wait until it is ready.")
    static final class Deploy extends GridCommand {
        @Parameters(paramLabel = "ORDER")
        String id;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Source source;

        static final class Source {
            @Option(names = "--template", paramLabel = "NAME", description = "An app of the gateway's catalog.")
            String template;
            @Option(names = "--url", paramLabel = "URL", description = "A Kubernetes YAML file on the web.")
            String url;
        }

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "3m", converter = Durations.class,
                description = "How long to wait for the app to be ready (default 3m).")
        long timeoutSeconds;

        @Override
        void run() {
            Grid grid = grid();
            BigInteger orderId = OrderCommands.orderId(id);
            OrderStatus order = grid.client().order(orderId);
            GatewayClient gateway = gatewayOf(grid, order);
            if (order.state() == OrderState.CREATED) {
                gateway.greetResourcesAndPayment(orderId);
                out().line("Greet 0: the gateway can serve order " + orderId + " and it is paid in full.");
                gateway.greetPayee(orderId);
                out().line("Greet 1: the gateway is the payee and accepted the order.");
            }
            Address me = Address.of(grid.accounts().address(grid.accountName()));
            Session session = gateway.signIn(grid.signer(), orderId);
            new Sessions(home(grid)).save(session, me);
            out().line("Greet 2: signed in; the session lasts until " + session.expires() + ".");
            DeployResult result;
            try {
                result = gateway.deploy(session, new DeployRequest(orderId, source.url, source.template));
            } catch (IllegalArgumentException e) {
                throw new UsageProblem(e.getMessage());
            }
            out().line("Deployed " + String.join(", ", result.objects()) + " into namespace " + result.namespace()
                    + ".");
            AppStatus status = result.ready() ? null : gateway.awaitAppReady(session, Duration.ofSeconds(timeoutSeconds));
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("deploy", result);
            data.put("ready", true);
            data.put("url", appUrl(grid, orderId));
            if (status != null) {
                data.put("status", status);
            }
            out().data(data);
            out().line("Ready.");
            howToReach(out(), grid, orderId);
        }
    }

    @Command(name = "status", description = "The app's workloads and their readiness.")
    static final class Status extends GridCommand {
        @Parameters(paramLabel = "ORDER")
        String id;

        @Override
        void run() {
            Reach reach = reach(grid(), OrderCommands.orderId(id));
            AppStatus status = reach.gateway().appStatus(reach.session());
            out().data(status);
            out().line("App of order " + status.orderId() + " in namespace " + status.namespace() + ": "
                    + (status.ready() ? "ready" : status.exists() ? "not ready" : "not deployed"));
            List<List<String>> rows = new ArrayList<>();
            for (AppStatus.Workload w : status.workloads()) {
                rows.add(List.of(w.kind(), w.name(), w.readyReplicas() + "/" + w.desiredReplicas()));
            }
            out().table(List.of("KIND", "NAME", "READY"), rows);
            status.recentEvents().forEach(e -> out().line("  event: " + e));
        }
    }

    @Command(name = "url", description = "The app's URL and how to reach it.")
    static final class Url extends GridCommand {
        @Parameters(paramLabel = "ORDER")
        String id;

        @Override
        void run() {
            BigInteger orderId = OrderCommands.orderId(id);
            out().data(Map.of("orderId", orderId, "url", appUrl(grid(), orderId)));
            howToReach(out(), grid(), orderId);
        }
    }

    @Command(name = "token", description = "The session token for the app (signs in when there is none), for "
            + "'Authorization: Bearer'. A secret: do not share it.")
    static final class Token extends GridCommand {
        @Parameters(paramLabel = "ORDER")
        String id;

        @Override
        void run() {
            Session session = reach(grid(), OrderCommands.orderId(id)).session();
            out().data(Map.of("orderId", session.orderId(), "token", session.token(), "expires", session.expires()));
            out().line(session.token());
        }
    }

    @Command(name = "get", description = "Fetch a path of the app through the gateway's proxy and print the answer.")
    static final class Get extends GridCommand {
        @Parameters(index = "0", paramLabel = "ORDER")
        String id;

        @Parameters(index = "1", paramLabel = "PATH", defaultValue = "", description = "Path in the app (default /).")
        String path;

        @Override
        void run() throws IOException, InterruptedException {
            Grid grid = grid();
            BigInteger orderId = OrderCommands.orderId(id);
            Session session = reach(grid, orderId).session();
            String url = appUrl(grid, orderId) + (path.startsWith("/") ? path.substring(1) : path);
            HttpResponse<String> response;
            try {
                response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(60)).header("Authorization", session.authorization()).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new GridUnavailableException("cannot reach " + url + ": " + e.getMessage(), e);
            }
            out().data(Map.of("url", url, "status", response.statusCode(), "body", response.body()));
            out().line("HTTP " + response.statusCode() + " from " + url);
            out().line(response.body());
            if (response.statusCode() >= 400) {
                throw new GridUnavailableException("the app answered HTTP " + response.statusCode());
            }
        }
    }

    @Command(name = "undeploy", description = "Remove the app (the order runs on until its end).")
    static final class Undeploy extends GridCommand {
        @Parameters(paramLabel = "ORDER")
        String id;

        @Override
        void run() {
            Reach reach = reach(grid(), OrderCommands.orderId(id));
            reach.gateway().undeploy(reach.session());
            out().data(Map.of("orderId", reach.order().id(), "undeployed", true));
            out().line("Removed the app of order " + reach.order().id() + ".");
        }
    }

    @Command(name = "catalog", description = "The apps the order's provider offers.")
    static final class Catalog extends GridCommand {
        @Parameters(paramLabel = "ORDER")
        String id;

        @Override
        void run() {
            OrderStatus order = grid().client().order(OrderCommands.orderId(id));
            List<AppListing> apps = gatewayOf(grid(), order).catalog();
            out().data(apps);
            List<List<String>> rows = new ArrayList<>();
            for (AppListing app : apps) {
                rows.add(List.of(app.id(), app.name(), Output.resources(app.minimum()), app.description()));
            }
            out().table(List.of("TEMPLATE", "NAME", "AT LEAST", "WHAT"), rows);
        }
    }
}

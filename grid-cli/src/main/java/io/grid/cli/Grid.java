package io.grid.cli;

import io.grid.api.ChainDescription;
import io.grid.client.ChainNode;
import io.grid.client.Chains;
import io.grid.client.GatewayClient;
import io.grid.client.GridClient;
import io.grid.client.Signer;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine;

/**
 * The {@code grid} command-line tool: a person's road through GRID — accounts, payments, providers, orders,
 * deploys — on {@link GridClient}. Every signature is made locally from an encrypted keystore over what the
 * platform or gateway answered to sign; no key is ever given on the command line.
 */
@Command(name = "grid", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, versionProvider = Grid.Version.class,
        description = "Use GRID, the computing-power marketplace, from a shell.",
        subcommands = {AccountCommands.class, ChainCommand.class, ProviderCommands.List.class,
                ProviderCommands.class, MoneyCommands.Pay.class, MoneyCommands.Credits.class,
                MoneyCommands.Withdraw.class, OrderCommands.QuoteCommand.class, OrderCommands.class,
                AppCommands.Deploy.class, AppCommands.class, AutoComplete.GenerateCompletion.class},
        footer = {"", "Environment: GRID_PLATFORM, GRID_PROXY, GRID_RPC_URL, GRID_ACCOUNT, GRID_HOME, "
                + "GRID_KEY_PASSWORD (the keystore's password; asked for when unset)."})
public final class Grid {

    /** The sample server's platform address, where grid looks unless told otherwise. */
    static final String DEFAULT_PLATFORM = "http://127.0.0.1:8080";
    /** The sample server's gateway proxy address. */
    static final String DEFAULT_PROXY = "http://127.0.0.1:8081";

    @Option(names = "--platform", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "The GRID platform (env GRID_PLATFORM; default " + DEFAULT_PLATFORM + ").")
    String platform;

    @Option(names = "--proxy", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "The provider gateway's app proxy (env GRID_PROXY; default " + DEFAULT_PROXY + ").")
    String proxy;

    @Option(names = "--rpc-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "The chain's JSON-RPC URL (env GRID_RPC_URL; default: the one the platform names).")
    String rpcUrl;

    @Option(names = {"-a", "--account"}, scope = ScopeType.INHERIT, paramLabel = "NAME",
            description = "Which of your accounts signs (env GRID_ACCOUNT; default 'default').")
    String account;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "Answer in JSON, for scripts.")
    boolean json;

    private final Map<String, String> env;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Passwords passwords;
    private GridClient client;
    private ChainDescription chain;

    Grid(Map<String, String> env, PrintWriter out, PrintWriter err, Passwords passwords) {
        this.env = env;
        this.out = out;
        this.err = err;
        this.passwords = passwords;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(run(args, System.getenv(), out, err, Passwords.fromConsole(System.getenv())));
    }

    /** Runs one command line; returns its exit code (see {@link Failures}). */
    static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err, Passwords passwords) {
        Grid grid = new Grid(env, out, err, passwords);
        CommandLine line = new CommandLine(grid);
        line.setOut(out).setErr(err);
        line.setExecutionExceptionHandler((e, cmd, parsed) -> Failures.report(e, grid.output(), err));
        line.setExitCodeExceptionMapper(Failures::exitCode);
        return line.execute(args);
    }

    // ------------------------------------------------------------------ what commands share

    Output output() {
        return new Output(out, json);
    }

    PrintWriter err() {
        return err;
    }

    String env(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value;
    }

    URI platformUrl() {
        return URI.create(first(platform, env("GRID_PLATFORM"), DEFAULT_PLATFORM));
    }

    URI proxyUrl() {
        return URI.create(strip(first(proxy, env("GRID_PROXY"), DEFAULT_PROXY)));
    }

    String accountName() {
        return first(account, env("GRID_ACCOUNT"), "default");
    }

    Accounts accounts() {
        String home = env("GRID_HOME");
        return new Accounts(home != null ? Path.of(home) : Path.of(System.getProperty("user.home"), ".grid"));
    }

    GridClient client() {
        if (client == null) {
            client = GridClient.of(platformUrl());
        }
        return client;
    }

    GatewayClient gateway(String gatewayUrl) {
        return GatewayClient.of(URI.create(gatewayUrl));
    }

    ChainDescription chain() {
        if (chain == null) {
            chain = client().chain();
        }
        return chain;
    }

    /** @return a connection to the chain's JSON-RPC node: --rpc-url, GRID_RPC_URL, or the one /chain names */
    ChainNode chainNode() {
        String url = first(rpcUrl, env("GRID_RPC_URL"), chain().rpcUrl());
        if (url == null) {
            throw new UsageProblem("the platform names no public JSON-RPC URL for its chain; give one with "
                    + "--rpc-url or GRID_RPC_URL");
        }
        return new ChainNode(url, Chains.chainId(chain()));
    }

    /** @return the signer of the chosen account, its keystore opened with the password */
    Signer signer() {
        return accounts().open(accountName(), passwords);
    }

    Passwords passwords() {
        return passwords;
    }

    private static String first(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Grid.class.getPackage().getImplementationVersion();
            return new String[] {"grid " + (version == null ? "(development build)" : version)};
        }
    }
}

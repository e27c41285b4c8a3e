package io.grid.contracts.chain;

import io.grid.contracts.wrappers.GridToken;
import io.grid.contracts.wrappers.Market;
import io.grid.contracts.wrappers.ProviderRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * A real local chain for tests and the embedded default: Anvil started as a child process on a free
 * loopback port, with GridToken, ProviderRegistry and Market freshly deployed, the platform role
 * granted, and named development accounts funded with tokens.
 *
 * <p>Accounts (DEV ONLY, see {@link DevAccounts}): {@code owner} (deployer, owns the contracts),
 * {@code platform}, {@code provider1..provider4}, {@code user1..user14}.
 *
 * <p>Time and forks are real Anvil operations: {@link #increaseTime(long)}, {@link #mine()},
 * {@link #snapshot()}/{@link #revert(String)}, {@link #reorg(int)}.
 * Close it to stop Anvil; a JVM shutdown hook stops it too if a caller forgets.
 */
public final class LocalChain implements AutoCloseable {

    /** Anvil's chain id. */
    public static final long CHAIN_ID = 31337L;
    /** Tokens (in base units, 18 decimals) minted to every provider and user at start: one million. */
    public static final BigInteger INITIAL_TOKENS = BigInteger.TEN.pow(24);
    /** Number of providers among the named accounts. */
    public static final int PROVIDERS = 4;
    /** Number of users among the named accounts. */
    public static final int USERS = 14;

    private static final int ACCOUNTS = 2 + PROVIDERS + USERS;
    private static final Pattern LISTENING = Pattern.compile("Listening on 127\\.0\\.0\\.1:(\\d+)");
    private static final Duration START_DEADLINE = Duration.ofSeconds(60);
    private static final Duration STOP_DEADLINE = Duration.ofSeconds(10);
    /** Legacy gas price comfortably above Anvil's base fee; dev ether is plentiful. */
    private static final BigInteger GAS_PRICE = BigInteger.valueOf(10_000_000_000L);
    private static final BigInteger GAS_LIMIT = BigInteger.valueOf(12_000_000L);

    private final Process process;
    private final Deque<String> recentOutput;
    private final HttpService http;
    private final Web3j web3j;
    private final Thread shutdownHook;
    private final Map<String, Credentials> accounts = new LinkedHashMap<>();
    private final Map<String, TransactionManager> transactionManagers = new ConcurrentHashMap<>();
    private final ContractGasProvider gasProvider = new StaticGasProvider(GAS_PRICE, GAS_LIMIT);
    private final String rpcUrl;
    private GridToken token;
    private ProviderRegistry registry;
    private Market market;
    private boolean closed;

    private LocalChain(Process process, Deque<String> recentOutput, int port) {
        this.process = process;
        this.recentOutput = recentOutput;
        this.rpcUrl = "http://127.0.0.1:" + port;
        this.http = new HttpService(rpcUrl);
        this.web3j = Web3j.build(http);
        this.shutdownHook = new Thread(this::stopProcess, "local-chain-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        List<Credentials> dev = DevAccounts.derive(ACCOUNTS);
        accounts.put("owner", dev.get(0));
        accounts.put("platform", dev.get(1));
        for (int i = 1; i <= PROVIDERS; i++) {
            accounts.put("provider" + i, dev.get(1 + i));
        }
        for (int i = 1; i <= USERS; i++) {
            accounts.put("user" + i, dev.get(1 + PROVIDERS + i));
        }
    }

    /**
     * Starts Anvil (found by {@link AnvilBinary#locate()}) and deploys the contracts.
     *
     * @return the running chain
     * @throws IllegalStateException when Anvil cannot start or answer before the deadline
     */
    public static LocalChain start() {
        return start(AnvilBinary.locate());
    }

    /**
     * Starts the given Anvil executable and deploys the contracts.
     *
     * @param anvil the Anvil executable
     * @return the running chain
     */
    public static LocalChain start(Path anvil) {
        return start(anvil, null);
    }

    /**
     * Starts the given Anvil executable, deploys the contracts and then, with a block time, mines a block every
     * {@code blockTime} (Anvil's interval mining, as {@code --block-time} does): confirmations and the chain's clock
     * move by themselves, and a transaction waits for the next block as on a real chain. The contracts are deployed
     * before interval mining begins, so that the start does not wait for blocks.
     *
     * @param anvil     the Anvil executable
     * @param blockTime whole seconds between blocks, at least one; null mines a block per transaction only
     * @return the running chain
     */
    public static LocalChain start(Path anvil, Duration blockTime) {
        if (blockTime != null && (blockTime.getSeconds() < 1 || blockTime.getNano() != 0)) {
            throw new IllegalArgumentException("the block time must be a whole number of seconds, at least 1s");
        }
        LocalChain chain = startAutomining(anvil);
        if (blockTime != null) {
            try {
                chain.rpc("evm_setIntervalMining", List.of(blockTime.getSeconds()));
            } catch (RuntimeException e) {
                chain.close();
                throw e;
            }
        }
        return chain;
    }

    private static LocalChain startAutomining(Path anvil) {
        ProcessBuilder builder = new ProcessBuilder(anvil.toString(),
                "--host", "127.0.0.1",
                "--port", "0",
                "--accounts", String.valueOf(ACCOUNTS),
                "--mnemonic", DevAccounts.DEV_ONLY_MNEMONIC,
                "--chain-id", String.valueOf(CHAIN_ID))
                .redirectErrorStream(true);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start Anvil at " + anvil, e);
        }
        Deque<String> recent = new ArrayDeque<>();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> drain(process, recent, port), "anvil-output");
        reader.setDaemon(true);
        reader.start();
        LocalChain chain;
        try {
            chain = new LocalChain(process, recent, port.get(START_DEADLINE.toSeconds(), TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while starting Anvil", e);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("Anvil did not start listening: " + String.join("\n", snapshotOf(recent)), e);
        }
        try {
            chain.awaitAnswer();
            chain.deploy();
            return chain;
        } catch (RuntimeException e) {
            chain.close();
            throw e;
        }
    }

    private static void drain(Process process, Deque<String> recent, CompletableFuture<Integer> port) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                synchronized (recent) {
                    recent.addLast(line);
                    if (recent.size() > 40) {
                        recent.removeFirst();
                    }
                }
                Matcher listening = LISTENING.matcher(line);
                if (listening.find()) {
                    port.complete(Integer.parseInt(listening.group(1)));
                }
            }
            port.completeExceptionally(new IllegalStateException("Anvil exited with " + process.waitFor()));
        } catch (IOException e) {
            port.completeExceptionally(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            port.completeExceptionally(e);
        }
    }

    private static List<String> snapshotOf(Deque<String> recent) {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }

    private void awaitAnswer() {
        Instant deadline = Instant.now().plus(START_DEADLINE);
        IOException last = null;
        while (Instant.now().isBefore(deadline) && process.isAlive()) {
            try {
                long answered = web3j.ethChainId().send().getChainId().longValue();
                if (answered != CHAIN_ID) {
                    throw new IllegalStateException("Anvil answered chain id " + answered + ", expected " + CHAIN_ID);
                }
                return;
            } catch (IOException e) {
                last = e; // not answering yet; poll again until the deadline
                pause(Duration.ofMillis(50));
            }
        }
        throw new IllegalStateException("Anvil did not answer eth_chainId in time: " + String.join("\n", snapshotOf(recentOutput)), last);
    }

    private void pause(Duration interval) {
        try {
            // Waiting on the process doubles as the poll interval and notices an early exit.
            process.waitFor(interval.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Anvil", e);
        }
    }

    private void deploy() {
        Credentials owner = owner();
        try {
            TransactionManager asOwner = transactionManager(owner);
            token = GridToken.deploy(web3j, asOwner, gasProvider, "GRID Dev Token", "GRIDDEV", owner.getAddress()).send();
            registry = ProviderRegistry.deploy(web3j, asOwner, gasProvider, owner.getAddress()).send();
            registry.grantRole(registry.PLATFORM_ROLE().send(), platform().getAddress()).send();
            market = deployMarket(token.getContractAddress());
            for (Map.Entry<String, Credentials> account : accounts.entrySet()) {
                if (account.getKey().startsWith("provider") || account.getKey().startsWith("user")) {
                    token.mint(account.getValue().getAddress(), INITIAL_TOKENS).send();
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("deploying the contracts failed", e);
        }
    }

    /**
     * Deploys another Market over {@code tokenAddress} and this chain's registry, with the registry's
     * market role and the platform role granted (e.g. a market over a misbehaving test token).
     *
     * @param tokenAddress the ERC-20 backing the new market's credits
     * @return the new market, bound to the owner
     */
    public Market deployMarket(String tokenAddress) {
        Credentials owner = owner();
        try {
            TransactionManager asOwner = transactionManager(owner);
            Market deployed = Market.deploy(web3j, asOwner, gasProvider, tokenAddress, registry.getContractAddress(),
                    owner.getAddress()).send();
            registry.grantRole(registry.MARKET_ROLE().send(), deployed.getContractAddress()).send();
            deployed.grantRole(deployed.PLATFORM_ROLE().send(), platform().getAddress()).send();
            return deployed;
        } catch (Exception e) {
            throw new IllegalStateException("deploying a market failed", e);
        }
    }

    // ------------------------------------------------------------------ accounts and contracts

    /**
     * A named development account.
     *
     * @param name {@code owner}, {@code platform}, {@code provider1..4} or {@code user1..14}
     * @return its credentials
     */
    public Credentials account(String name) {
        Credentials credentials = accounts.get(name);
        if (credentials == null) {
            throw new IllegalArgumentException("no dev account named " + name + "; known: " + accounts.keySet());
        }
        return credentials;
    }

    /** @return the deployer and owner of the contracts */
    public Credentials owner() {
        return account("owner");
    }

    /** @return the account holding the platform role on registry and market */
    public Credentials platform() {
        return account("platform");
    }

    /**
     * @param n 1..{@value #PROVIDERS}
     * @return provider account {@code n}
     */
    public Credentials provider(int n) {
        return account("provider" + n);
    }

    /**
     * @param n 1..{@value #USERS}
     * @return user account {@code n}
     */
    public Credentials user(int n) {
        return account("user" + n);
    }

    /**
     * A transaction manager signing as {@code credentials} with this chain's id, polling receipts briefly
     * (Anvil mines each transaction at once, or within its block time).
     *
     * @param credentials the signer
     * @return its transaction manager
     */
    public TransactionManager transactionManager(Credentials credentials) {
        return transactionManagers.computeIfAbsent(credentials.getAddress(), address -> new RawTransactionManager(web3j, credentials,
                CHAIN_ID, new PollingTransactionReceiptProcessor(web3j, 20, 1500)));
    }

    /** @return gas price and limit used for every transaction */
    public ContractGasProvider gasProvider() {
        return gasProvider;
    }

    /** @return the token, bound to the owner (who may mint) */
    public GridToken token() {
        return token;
    }

    /** @return the registry, bound to the owner */
    public ProviderRegistry registry() {
        return registry;
    }

    /** @return the market, bound to the owner */
    public Market market() {
        return market;
    }

    /**
     * @param as the caller
     * @return the token bound to {@code as}
     */
    public GridToken token(Credentials as) {
        return GridToken.load(token.getContractAddress(), web3j, transactionManager(as), gasProvider);
    }

    /**
     * @param as the caller
     * @return the registry bound to {@code as}
     */
    public ProviderRegistry registry(Credentials as) {
        return ProviderRegistry.load(registry.getContractAddress(), web3j, transactionManager(as), gasProvider);
    }

    /**
     * @param as the caller
     * @return the market bound to {@code as}
     */
    public Market market(Credentials as) {
        return market(market.getContractAddress(), as);
    }

    /**
     * @param address a market's address
     * @param as the caller
     * @return that market bound to {@code as}
     */
    public Market market(String address, Credentials as) {
        return Market.load(address, web3j, transactionManager(as), gasProvider);
    }

    /** @return the web3j client talking to this chain */
    public Web3j web3j() {
        return web3j;
    }

    /** @return the JSON-RPC URL, {@code http://127.0.0.1:<port>} */
    public String rpcUrl() {
        return rpcUrl;
    }

    // ------------------------------------------------------------------ time and forks

    /**
     * Moves the chain clock forward; the next block carries the new time.
     *
     * @param seconds how far
     */
    public void increaseTime(long seconds) {
        rpc("evm_increaseTime", List.of(seconds));
    }

    /**
     * Fixes the timestamp of the next block, e.g. to settle an order at an exact served time.
     *
     * @param unixSeconds the next block's timestamp; must be after the latest block's
     */
    public void setNextBlockTimestamp(long unixSeconds) {
        rpc("evm_setNextBlockTimestamp", List.of(unixSeconds));
    }

    /**
     * Turns Anvil's mining of each transaction as it arrives on or off. Off, transactions wait in the
     * pool until {@link #mine()}, so that several land in one block as on a busy chain.
     *
     * @param on whether each transaction is mined at once
     */
    public void setAutomine(boolean on) {
        rpc("evm_setAutomine", List.of(on));
    }

    /** Mines one block. */
    public void mine() {
        rpc("evm_mine", List.of());
    }

    /**
     * Moves the clock forward and mines a block at the new time.
     *
     * @param seconds how far
     */
    public void advance(long seconds) {
        increaseTime(seconds);
        mine();
    }

    /** @return the latest block's timestamp, in unix seconds */
    public long latestTimestamp() {
        try {
            return web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock().getTimestamp().longValueExact();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the latest block number */
    public long blockNumber() {
        try {
            return web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Saves the whole chain state.
     *
     * @return the snapshot id for {@link #revert(String)}
     */
    public String snapshot() {
        return String.valueOf(rpc("evm_snapshot", List.of()));
    }

    /**
     * Returns to a snapshot; the snapshot is used up (take a new one to return again).
     *
     * @param snapshotId from {@link #snapshot()}
     */
    public void revert(String snapshotId) {
        Object reverted = rpc("evm_revert", List.of(snapshotId));
        if (!Boolean.TRUE.equals(reverted)) {
            throw new IllegalStateException("Anvil refused to revert to snapshot " + snapshotId);
        }
    }

    /**
     * Replaces the last {@code depth} blocks with empty ones, as a chain reorganisation does: the
     * transactions in them vanish from the canonical chain.
     *
     * @param depth how many blocks
     */
    public void reorg(int depth) {
        rpc("anvil_reorg", List.of(depth, List.of()));
    }

    private Object rpc(String method, List<?> params) {
        try {
            RawResponse response = new Request<>(method, params, http, RawResponse.class).send();
            if (response.hasError()) {
                throw new IllegalStateException(method + " failed: " + response.getError().getMessage());
            }
            return response.getResult();
        } catch (IOException e) {
            throw new UncheckedIOException(method + " failed", e);
        }
    }

    /** A JSON-RPC answer of any shape. */
    public static final class RawResponse extends Response<Object> {
    }

    // ------------------------------------------------------------------ stop

    /** Stops Anvil and the client. Calling it twice is harmless. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        web3j.shutdown();
        // The shutdown hook stays registered: stopping an exited process again is a no-op, and removing
        // the hook fails while the JVM is already shutting down.
        stopProcess();
    }

    private void stopProcess() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(STOP_DEADLINE.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}

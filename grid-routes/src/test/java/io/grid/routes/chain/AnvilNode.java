package io.grid.routes.chain;

import io.grid.contracts.chain.LoopbackPorts;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.methods.response.VoidResponse;
import org.web3j.protocol.http.HttpService;

/**
 * A real Anvil node on a free loopback port, for the outbox tests. The binary is the one pinned in
 * {@code contracts/package.json}; {@code -Dgrid.anvil.binary} points elsewhere.
 */
public final class AnvilNode implements AutoCloseable {

    /** Anvil's first default account, funded with 10000 ether. */
    public static final Credentials PLATFORM =
            Credentials.create("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
    /** Anvil's second default account. */
    public static final Credentials OTHER =
            Credentials.create("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
    /** Anvil's third default account: deploys the contracts and owns their roles. */
    public static final Credentials OWNER =
            Credentials.create("0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a");
    /** Anvil's fourth default account: a user who buys credits. */
    public static final Credentials USER =
            Credentials.create("0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6");
    public static final long CHAIN_ID = 31337;

    private final Process process;
    private final String url;
    private final Web3j web3j;

    private AnvilNode(Process process, String url) {
        this.process = process;
        this.url = url;
        this.web3j = Web3j.build(new HttpService(url));
    }

    public static AnvilNode start() throws IOException {
        Path binary = Path.of(System.getProperty("grid.anvil.binary", "../contracts/node_modules/.bin/anvil"));
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("Anvil not found at " + binary.toAbsolutePath()
                    + "; run npm ci in contracts/ or set -Dgrid.anvil.binary");
        }
        int port;
        port = LoopbackPorts.free();
        Process process = new ProcessBuilder(binary.toString(), "--host", "127.0.0.1", "--port",
                String.valueOf(port), "--silent").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        AnvilNode node = new AnvilNode(process, "http://127.0.0.1:" + port);
        node.awaitReady(Duration.ofSeconds(30));
        return node;
    }

    public String url() {
        return url;
    }

    public Web3j web3j() {
        return web3j;
    }

    /** Nonce of {@code account} counting mined transactions only. */
    public long minedNonce(String account) throws IOException {
        return web3j.ethGetTransactionCount(account, DefaultBlockParameterName.LATEST).send().getTransactionCount()
                .longValueExact();
    }

    /** Nonce of {@code account} counting the mempool too. */
    public long pendingNonce(String account) throws IOException {
        return web3j.ethGetTransactionCount(account, DefaultBlockParameterName.PENDING).send().getTransactionCount()
                .longValueExact();
    }

    public void automine(boolean on) throws IOException {
        rpc("evm_setAutomine", List.of(on));
    }

    public void mine() throws IOException {
        rpc("evm_mine", List.of());
    }

    /** Takes a snapshot of the chain; {@link #revert} goes back to it, dropping the blocks mined since. */
    public String snapshot() throws IOException {
        Snapshot answer = new Request<>("evm_snapshot", List.of(), new HttpService(url), Snapshot.class).send();
        return answer.getResult();
    }

    public void revert(String snapshot) throws IOException {
        rpc("evm_revert", List.of(snapshot));
    }

    public BigInteger blockNumber() throws IOException {
        return web3j.ethBlockNumber().send().getBlockNumber();
    }

    private void rpc(String method, List<?> params) throws IOException {
        VoidResponse answer = new Request<>(method, params, new HttpService(url), VoidResponse.class).send();
        if (answer.hasError()) {
            throw new IOException(method + ": " + answer.getError().getMessage());
        }
    }

    /** The answer of {@code evm_snapshot}: a snapshot id. */
    public static class Snapshot extends org.web3j.protocol.core.Response<String> {
    }

    private void awaitReady(Duration timeout) throws IOException {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            try {
                web3j.ethChainId().send();
                return;
            } catch (IOException e) {
                if (Instant.now().isAfter(deadline) || !process.isAlive()) {
                    close();
                    throw new IOException("Anvil did not answer within " + timeout, e);
                }
                java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
            }
        }
    }

    @Override
    public void close() {
        web3j.shutdown();
        process.destroy();
    }
}

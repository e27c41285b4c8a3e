package io.grid.routes.chain;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import io.grid.api.Address;
import io.grid.contracts.wrappers.GridToken;
import io.grid.contracts.wrappers.Market;
import io.grid.contracts.wrappers.ProviderRegistry;
import java.io.IOException;
import java.math.BigInteger;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.utils.Numeric;

/** GridToken, ProviderRegistry and Market freshly deployed on an Anvil node, with PLATFORM holding its role. */
public final class MarketChain {

    private static final StaticGasProvider GAS =
            new StaticGasProvider(BigInteger.valueOf(2_000_000_000L), BigInteger.valueOf(8_000_000));

    public final AnvilNode anvil;
    public final GridToken token;
    public final Market market;

    private MarketChain(AnvilNode anvil, GridToken token, Market market) {
        this.anvil = anvil;
        this.token = token;
        this.market = market;
    }

    public static MarketChain deploy(AnvilNode anvil) throws Exception {
        String owner = AnvilNode.OWNER.getAddress();
        GridToken token = GridToken.load(deployToken(anvil, "Grid", "GRID"), anvil.web3j(), AnvilNode.OWNER, GAS);
        String registry = deploy(anvil, ProviderRegistry.BINARY, new org.web3j.abi.datatypes.Address(owner));
        Market market = Market.load(deploy(anvil, Market.BINARY,
                new org.web3j.abi.datatypes.Address(token.getContractAddress()),
                new org.web3j.abi.datatypes.Address(registry), new org.web3j.abi.datatypes.Address(owner)),
                anvil.web3j(), AnvilNode.OWNER, GAS);
        market.grantRole(market.PLATFORM_ROLE().send(), AnvilNode.PLATFORM.getAddress()).send();
        token.mint(AnvilNode.USER.getAddress(), BigInteger.TEN.pow(30)).send();
        return new MarketChain(anvil, token, market);
    }

    public static GridToken deployOtherToken(AnvilNode anvil) throws Exception {
        return GridToken.load(deployToken(anvil, "Other", "OTH"), anvil.web3j(), AnvilNode.OWNER, GAS);
    }

    private static String deployToken(AnvilNode anvil, String name, String symbol) throws Exception {
        return deploy(anvil, GridToken.BINARY, new org.web3j.abi.datatypes.Utf8String(name),
                new org.web3j.abi.datatypes.Utf8String(symbol),
                new org.web3j.abi.datatypes.Address(AnvilNode.OWNER.getAddress()));
    }

    /**
     * Deploys {@code binary} with constructor arguments as OWNER and returns the contract address. The generated
     * wrappers' own deploy is not used because their BINARY ends in a line break the node refuses as hex.
     */
    private static String deploy(AnvilNode anvil, String binary, org.web3j.abi.datatypes.Type<?>... arguments)
            throws Exception {
        String data = binary.strip() + FunctionEncoder.encodeConstructor(java.util.List.of(arguments));
        org.web3j.tx.RawTransactionManager sender =
                new org.web3j.tx.RawTransactionManager(anvil.web3j(), AnvilNode.OWNER, AnvilNode.CHAIN_ID);
        String hash = sender.sendTransaction(GAS.getGasPrice(null), GAS.getGasLimit(null), null, data,
                BigInteger.ZERO).getTransactionHash();
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(30);
        java.util.Optional<org.web3j.protocol.core.methods.response.TransactionReceipt> mined =
                anvil.web3j().ethGetTransactionReceipt(hash).send().getTransactionReceipt();
        while (mined.isEmpty() && java.time.Instant.now().isBefore(deadline)) {
            mined = anvil.web3j().ethGetTransactionReceipt(hash).send().getTransactionReceipt();
        }
        org.web3j.protocol.core.methods.response.TransactionReceipt receipt = mined.orElseThrow(
                () -> new IllegalStateException("deployment not mined within 30 s: " + hash));
        if (!receipt.isStatusOK()) {
            throw new IllegalStateException("deployment reverted: " + hash);
        }
        return receipt.getContractAddress();
    }

    public Address tokenAddress() {
        return Address.of(token.getContractAddress());
    }

    public Address marketAddress() {
        return Address.of(market.getContractAddress());
    }

    public BigInteger creditOf(Credentials user) throws Exception {
        return market.creditOf(user.getAddress()).send();
    }

    /** Signs and sends {@code token.transfer(to, amount)} from {@code from} with an explicit nonce and gas. */
    public static String sendTransfer(AnvilNode anvil, String token, Credentials from, String to, BigInteger amount,
                               long nonce) throws IOException {
        String data = FunctionEncoder.encode(new Function("transfer",
                java.util.List.of(new org.web3j.abi.datatypes.Address(to), new Uint256(amount)),
                java.util.List.of()));
        RawTransaction raw = RawTransaction.createTransaction(BigInteger.valueOf(nonce),
                BigInteger.valueOf(2_000_000_000L), BigInteger.valueOf(100_000), token, BigInteger.ZERO, data);
        String hex = Numeric.toHexString(TransactionEncoder.signMessage(raw, AnvilNode.CHAIN_ID, from));
        EthSendTransaction answer = anvil.web3j().ethSendRawTransaction(hex).send();
        if (answer.hasError()) {
            throw new IOException(answer.getError().getMessage());
        }
        return Hash.sha3(hex);
    }

    /** A mined transfer of the market's token from USER to {@code to}; returns its tx hash. */
    public String transfer(String to, BigInteger amount) throws Exception {
        long nonce = anvil.web3j().ethGetTransactionCount(AnvilNode.USER.getAddress(),
                DefaultBlockParameterName.PENDING).send().getTransactionCount().longValueExact();
        String hash = sendTransfer(anvil, token.getContractAddress(), AnvilNode.USER, to, amount, nonce);
        // Anvil mines on arrival, but its receipt can lag the send by a moment: wait for it, with a deadline.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (anvil.web3j().ethGetTransactionReceipt(hash).send().getTransactionReceipt().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IOException("transfer " + hash + " was not mined within 10 s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        return hash;
    }
}

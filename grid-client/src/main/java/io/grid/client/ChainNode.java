package io.grid.client;

import io.grid.api.Address;
import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.RawTransaction;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * The few calls a user or provider makes to the chain itself, through any EVM JSON-RPC node (the URL
 * {@code /chain} names, or the user's own): token balance and transfer, the market's earnings and their
 * withdrawal. Transactions are signed locally by a {@link Signer} and sent raw; no key leaves the process.
 */
public final class ChainNode implements AutoCloseable {

    private final Web3j web3j;
    private final long chainId;

    /**
     * @param rpcUrl  the JSON-RPC URL
     * @param chainId the chain id transactions are signed for (EIP-155); checked against the node's
     */
    public ChainNode(String rpcUrl, long chainId) {
        this.web3j = Web3j.build(new HttpService(rpcUrl));
        this.chainId = chainId;
        long nodeChainId = call("eth_chainId", () -> web3j.ethChainId().send()).getChainId().longValueExact();
        if (nodeChainId != chainId) {
            web3j.shutdown();
            throw new GridUnavailableException("the node at " + rpcUrl + " serves chain " + nodeChainId
                    + ", not chain " + chainId);
        }
    }

    /** @return {@code owner}'s balance of the ERC-20 {@code token}, in base units */
    public BigInteger tokenBalance(Address token, Address owner) {
        return uint(token, new Function("balanceOf", List.of(new org.web3j.abi.datatypes.Address(owner.value())),
                List.of(new TypeReference<Uint256>() { })));
    }

    /** @return the market's earnings of {@code provider} not yet withdrawn, in base units */
    public BigInteger earnings(Address market, Address provider) {
        return uint(market, new Function("earningsOf",
                List.of(new org.web3j.abi.datatypes.Address(provider.value())),
                List.of(new TypeReference<Uint256>() { })));
    }

    /** Sends an ERC-20 {@code transfer(to, amount)} of {@code token} signed by {@code from}; returns its hash. */
    public String transferTokens(Signer from, Address token, Address to, BigInteger amount) {
        Function transfer = new Function("transfer", List.of(new org.web3j.abi.datatypes.Address(to.value()),
                new Uint256(amount)), List.of());
        return send(from, token, FunctionEncoder.encode(transfer));
    }

    /** Sends the market's {@code withdrawEarnings()} signed by the provider; returns its hash. */
    public String withdrawEarnings(Signer provider, Address market) {
        return send(provider, market, FunctionEncoder.encode(new Function("withdrawEarnings", List.of(), List.of())));
    }

    /** @return the transaction's receipt once it is mined */
    public Optional<TransactionReceipt> receipt(String txHash) {
        return call("eth_getTransactionReceipt", () -> web3j.ethGetTransactionReceipt(txHash).send())
                .getTransactionReceipt();
    }

    /** @return the latest block's number */
    public long blockNumber() {
        return call("eth_blockNumber", () -> web3j.ethBlockNumber().send()).getBlockNumber().longValueExact();
    }

    /** @return the chain id transactions are signed for */
    public long chainId() {
        return chainId;
    }

    private String send(Signer signer, Address to, String data) {
        String from = signer.address().value();
        BigInteger nonce = call("eth_getTransactionCount", () -> web3j.ethGetTransactionCount(from,
                DefaultBlockParameterName.PENDING).send()).getTransactionCount();
        BigInteger gasPrice = call("eth_gasPrice", () -> web3j.ethGasPrice().send()).getGasPrice();
        BigInteger gas = call("eth_estimateGas", () -> web3j.ethEstimateGas(Transaction.createFunctionCallTransaction(
                from, null, null, null, to.value(), data)).send()).getAmountUsed();
        // A fifth more than estimated: the estimate is for the state now, the block may differ a little.
        BigInteger gasLimit = gas.add(gas.divide(BigInteger.valueOf(5)));
        RawTransaction transaction = RawTransaction.createTransaction(nonce, gasPrice, gasLimit, to.value(),
                BigInteger.ZERO, data);
        String signed = Numeric.toHexString(signer.signTransaction(transaction, chainId));
        return call("eth_sendRawTransaction", () -> web3j.ethSendRawTransaction(signed).send()).getTransactionHash();
    }

    private BigInteger uint(Address contract, Function function) {
        String answer = call("eth_call", () -> web3j.ethCall(Transaction.createEthCallTransaction(null,
                contract.value(), FunctionEncoder.encode(function)), DefaultBlockParameterName.LATEST).send()).getValue();
        @SuppressWarnings("rawtypes")
        List<Type> values = FunctionReturnDecoder.decode(answer, function.getOutputParameters());
        if (values.isEmpty()) {
            throw new GridUnavailableException(function.getName() + " on " + contract + " answered nothing: is it the "
                    + "right contract on the right chain?");
        }
        return (BigInteger) values.get(0).getValue();
    }

    private interface RpcCall<T extends Response<?>> {
        T send() throws IOException;
    }

    private static <T extends Response<?>> T call(String method, RpcCall<T> rpc) {
        T response;
        try {
            response = rpc.send();
        } catch (IOException e) {
            throw new GridUnavailableException("the chain node did not answer " + method + ": " + e.getMessage(), e);
        }
        if (response.hasError()) {
            throw new ChainRefusedException(method, response.getError().getMessage());
        }
        return response;
    }

    @Override
    public void close() {
        web3j.shutdown();
    }

    /** The chain node refused a call or transaction (e.g. it would revert, or the sender lacks gas). */
    public static final class ChainRefusedException extends GridClientException {
        public ChainRefusedException(String method, String message) {
            super("the chain node refused " + method + ": " + message);
        }
    }
}

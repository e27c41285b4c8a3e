package io.grid.routes.chain;

import io.grid.api.Address;
import io.grid.bench.BenchReport;
import io.grid.contracts.chain.LocalChain;
import io.grid.contracts.wrappers.Market;
import io.grid.routes.platform.ContractAddresses;
import io.grid.routes.platform.service.ChainOrder;
import io.grid.routes.platform.service.ChainView;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * JSON-RPC calls and wall time of reading in orders made outside the platform (issue 14): the old way, one
 * {@code getOrder} per order ({@link ChainView#order}), against the new, {@code Market.getOrders} for 500 orders
 * per call ({@link ChainView#orders}, what {@code Orders.importNew} uses), over the same orders in the same run.
 *
 * <p>Arguments: how many orders (default 1000), orders per {@code getOrders} call (default 500, as the import).
 */
public final class OrderImportBench {


    private OrderImportBench() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int perCall = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        try (LocalChain chain = LocalChain.start()) {
            List<BigInteger> ids = createOrders(chain, count);
            CountingHttpService rpc = new CountingHttpService(chain.rpcUrl());
            ChainView view = new ChainView(Web3j.build(rpc), new ContractAddresses(
                    Address.of(chain.token().getContractAddress()), Address.of(chain.registry().getContractAddress()),
                    Address.of(chain.market().getContractAddress())), Address.of(chain.platform().getAddress()), 0);

            long calls = rpc.total();
            long start = System.nanoTime();
            List<ChainOrder> old = new ArrayList<>();
            for (BigInteger id : ids) {
                view.order(id).ifPresent(old::add);
            }
            double oldMillis = BenchReport.millisSince(start);
            long oldCalls = rpc.total() - calls;

            calls = rpc.total();
            start = System.nanoTime();
            List<ChainOrder> batched = new ArrayList<>();
            for (int from = 0; from < ids.size(); from += perCall) {
                batched.addAll(view.orders(ids.subList(from, Math.min(ids.size(), from + perCall))));
            }
            double newMillis = BenchReport.millisSince(start);
            long newCalls = rpc.total() - calls;

            if (!old.equals(batched) || old.size() != count) {
                throw new IllegalStateException("the two reads disagree: " + old.size() + " against " + batched.size());
            }
            BenchReport.row("import", "RPC calls, " + count + " outside orders, old (getOrder each)",
                    String.valueOf(oldCalls), BenchReport.decimal(oldMillis) + " ms");
            BenchReport.row("import", "RPC calls, " + count + " outside orders, new (getOrders, " + perCall + " per call)",
                    String.valueOf(newCalls), BenchReport.decimal(newMillis) + " ms");
            BenchReport.row("import", "ratio old/new", BenchReport.decimal((double) oldCalls / newCalls),
                    "RPC calls; wall time old/new " + BenchReport.decimal(oldMillis / newMillis) + ", same run");
        }
        System.exit(0); // web3j's non-daemon threads would otherwise keep the JVM alive
    }

    /** {@code count} orders of one user at one provider, sent without waiting and mined in a few blocks. */
    private static List<BigInteger> createOrders(LocalChain chain, int count) throws Exception {
        var provider = chain.provider(1);
        var user = chain.user(1);
        chain.registry(provider).register("bench", "https://gw.example", "", BigInteger.valueOf(1_000_000_000L),
                BigInteger.valueOf(1_000_000_000L), BigInteger.ZERO, BigInteger.ZERO, BigInteger.ONE, BigInteger.ONE,
                BigInteger.ZERO, BigInteger.ZERO).send();
        BigInteger amount = BigInteger.TEN.pow(21);
        TransactionReceipt transfer = chain.token(user).transfer(chain.market().getContractAddress(), amount).send();
        chain.market(chain.platform()).credit(user.getAddress(), amount,
                Numeric.hexStringToByteArray(transfer.getTransactionHash()), transfer.getLogs().get(0).getLogIndex()).send();
        Market asUser = chain.market(user);
        String data = asUser.createOrder(provider.getAddress(), BigInteger.ONE, BigInteger.ONE, BigInteger.ZERO,
                BigInteger.ZERO, BigInteger.valueOf(3_600), BigInteger.TWO.pow(256).subtract(BigInteger.ONE))
                .encodeFunctionCall();
        BigInteger before = chain.market().orderCount().send();
        chain.setAutomine(false);
        try {
            for (int i = 0; i < count; i++) {
                EthSendTransaction sent = chain.transactionManager(user).sendTransaction(BigInteger.valueOf(2_000_000_000L),
                        BigInteger.valueOf(300_000), chain.market().getContractAddress(), data, BigInteger.ZERO);
                if (sent.hasError()) {
                    throw new IllegalStateException("createOrder not accepted: " + sent.getError().getMessage());
                }
            }
            while (chain.market().orderCount().send().subtract(before).intValueExact() < count) {
                chain.mine();
            }
        } finally {
            chain.setAutomine(true);
        }
        List<BigInteger> ids = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            ids.add(before.add(BigInteger.valueOf(i)));
        }
        return ids;
    }
}

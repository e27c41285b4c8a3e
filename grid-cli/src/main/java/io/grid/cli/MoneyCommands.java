package io.grid.cli;

import io.grid.api.Address;
import io.grid.api.ChainDescription;
import io.grid.api.CreditBalance;
import io.grid.api.Transfer;
import io.grid.client.ChainNode;
import io.grid.client.Chains;
import io.grid.client.GridTimeoutException;
import io.grid.client.Signer;
import io.grid.client.TokenAmount;
import io.grid.client.TransferReport;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code grid pay}, {@code grid credits}, {@code grid withdraw}: tokens in, credits, tokens out. */
final class MoneyCommands {

    private MoneyCommands() {
    }

    static TransactionReceipt awaitMined(ChainNode node, String txHash, long timeoutSeconds) {
        Instant deadline = Instant.now().plusSeconds(timeoutSeconds);
        while (Instant.now().isBefore(deadline)) {
            var receipt = node.receipt(txHash);
            if (receipt.isPresent()) {
                if (!receipt.get().isStatusOK()) {
                    throw new ChainNode.ChainRefusedException("transaction " + txHash, "it reverted");
                }
                return receipt.get();
            }
            LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
        }
        throw new GridTimeoutException("transaction " + txHash + " was not mined within " + timeoutSeconds + " s");
    }

    @Command(name = "pay", description = "Pay tokens from your wallet to the market and turn them into credits: "
            + "the transfer is signed here and sent through the chain's JSON-RPC.")
    static final class Pay extends GridCommand {

        @Parameters(paramLabel = "AMOUNT", description = "Tokens to pay, e.g. 100 or 0.5 (the token's decimals apply).")
        String amount;

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10m", converter = Durations.class,
                description = "How long to wait for the confirmations (default 10m).")
        long timeoutSeconds;

        @Override
        void run() {
            Grid grid = grid();
            ChainDescription chain = grid.chain();
            ChainDescription.Token token = chain.token();
            BigInteger units;
            try {
                units = TokenAmount.parse(amount, token.decimals());
            } catch (IllegalArgumentException e) {
                throw new UsageProblem(e.getMessage());
            }
            if (units.signum() == 0) {
                throw new UsageProblem("pay more than nothing");
            }
            Signer signer = grid.signer();
            String tx;
            try (ChainNode node = grid.chainNode()) {
                BigInteger wallet = node.tokenBalance(token.address(), signer.address());
                if (wallet.compareTo(units) < 0) {
                    throw new UsageProblem("your wallet " + signer.address() + " holds " + Chains.format(token, wallet)
                            + ", less than " + Chains.format(token, units));
                }
                tx = node.transferTokens(signer, token.address(), chain.payTo(), units);
                out().line("Sent " + Chains.format(token, units) + " to " + chain.payTo() + " in " + tx + ".");
                awaitMined(node, tx, timeoutSeconds);
            }
            grid.client().reportTransfer(tx);
            long[] shown = {-1};
            TransferReport report = grid.client().awaitCredited(tx, Duration.ofSeconds(timeoutSeconds), r -> {
                long confirmations = r.transfers().stream().mapToLong(Transfer::confirmations).min().orElse(0);
                String state = r.transfers().isEmpty() ? "PENDING" : r.transfers().get(0).state().name();
                if (confirmations != shown[0]) {
                    shown[0] = confirmations;
                    out().progress("confirmations " + Math.min(confirmations, chain.confirmations()) + "/"
                            + chain.confirmations() + " (" + state.toLowerCase(java.util.Locale.ROOT) + ")");
                }
            });
            CreditBalance credits = grid.client().credits(signer.address());
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("txHash", tx);
            data.put("amount", units);
            data.put("transfers", report.transfers());
            data.put("credits", credits);
            out().data(data);
            out().line("Credited. Credits: " + Chains.format(token, credits.available()) + " available, "
                    + Chains.format(token, credits.escrowed()) + " in escrow.");
        }
    }

    @Command(name = "credits", description = "Your credits at the platform: available and in escrow.")
    static final class Credits extends GridCommand {
        @Override
        void run() {
            Grid grid = grid();
            Address me = Address.of(grid.accounts().address(grid.accountName()));
            ChainDescription.Token token = grid.chain().token();
            CreditBalance credits = grid.client().credits(me);
            out().data(credits);
            out().line("Credits of " + me + ": " + Chains.format(token, credits.available()) + " available, "
                    + Chains.format(token, credits.escrowed()) + " in escrow.");
        }
    }

    @Command(name = "withdraw", description = "Withdraw available credits back to your wallet as tokens.")
    static final class Withdraw extends GridCommand {
        @Parameters(paramLabel = "AMOUNT", description = "Tokens to withdraw, or 'all'.")
        String amount;

        @Override
        void run() {
            Grid grid = grid();
            ChainDescription.Token token = grid.chain().token();
            Signer signer = grid.signer();
            BigInteger units;
            if ("all".equalsIgnoreCase(amount)) {
                units = grid.client().credits(signer.address()).available();
            } else {
                try {
                    units = TokenAmount.parse(amount, token.decimals());
                } catch (IllegalArgumentException e) {
                    throw new UsageProblem(e.getMessage());
                }
            }
            if (units.signum() == 0) {
                throw new UsageProblem("nothing to withdraw");
            }
            CreditBalance credits = grid.client().withdrawCredits(signer, units);
            out().data(Map.of("withdrawn", units, "credits", credits));
            out().line("Withdrew " + Chains.format(token, units) + " to " + signer.address() + ". Credits: "
                    + Chains.format(token, credits.available()) + " available.");
        }
    }
}

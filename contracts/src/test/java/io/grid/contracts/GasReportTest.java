package io.grid.contracts;

import static io.grid.contracts.Fixtures.NO_LIMIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.grid.contracts.chain.LocalChain;
import io.grid.contracts.chain.LocalChainTest;
import io.grid.contracts.signing.MarketSignatures;
import io.grid.contracts.signing.RegistrySignatures;
import io.grid.contracts.wrappers.Market;
import io.grid.api.Resources;
import io.grid.api.UnitPrices;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** Gas used by each external state-changing function on its usual path, printed as a table (target/gas-report.txt). */
@LocalChainTest
class GasReportTest {

    private final Map<String, BigInteger> gas = new LinkedHashMap<>();

    private void record(String function, TransactionReceipt receipt) {
        gas.put(function, receipt.getGasUsed());
    }

    @Test
    void reportsGasOfEveryExternalFunction(LocalChain chain) throws Exception {
        Credentials user = chain.user(1);
        Credentials provider = chain.provider(1);
        Credentials relayedProvider = chain.provider(2);
        Market asPlatform = chain.market(chain.platform());
        // The report advances the chain by an hour before the last relayed call: the deadline must outlive that.
        BigInteger deadline = BigInteger.valueOf(chain.latestTimestamp() + 86_400);
        RegistrySignatures registrySignatures = new RegistrySignatures(LocalChain.CHAIN_ID, chain.registry().getContractAddress());
        MarketSignatures marketSignatures = new MarketSignatures(LocalChain.CHAIN_ID, chain.market().getContractAddress());
        Resources capacity = new Resources(8_000, 16_384, 100, 2, "A100");
        UnitPrices prices = UnitPrices.of(3, 1, 7, 1_000);

        record("GridToken.mint", chain.token().mint(user.getAddress(), BigInteger.TEN).send());
        record("ProviderRegistry.register", Fixtures.registerProvider(chain, provider));
        record("ProviderRegistry.update", chain.registry(provider).update("cp", "https://gw.example", "A100", BigInteger.valueOf(8_000),
                BigInteger.valueOf(16_384), BigInteger.valueOf(100), BigInteger.TWO, BigInteger.valueOf(3), BigInteger.ONE, BigInteger.valueOf(7),
                BigInteger.valueOf(1_000)).send());
        byte[] registration = registrySignatures.signRegister(relayedProvider, "relayed", "https://gw.example", capacity, prices, BigInteger.ZERO, deadline);
        record("ProviderRegistry.registerFor", chain.registry(chain.platform()).registerFor(relayedProvider.getAddress(), "relayed",
                "https://gw.example", "A100", BigInteger.valueOf(8_000), BigInteger.valueOf(16_384), BigInteger.valueOf(100), BigInteger.TWO,
                BigInteger.valueOf(3), BigInteger.ONE, BigInteger.valueOf(7), BigInteger.valueOf(1_000), BigInteger.ZERO, deadline, registration).send());
        byte[] update = registrySignatures.signUpdate(relayedProvider, "relayed", "https://gw.example", capacity, prices, BigInteger.ONE, deadline);
        record("ProviderRegistry.updateFor", chain.registry(chain.platform()).updateFor(relayedProvider.getAddress(), "relayed",
                "https://gw.example", "A100", BigInteger.valueOf(8_000), BigInteger.valueOf(16_384), BigInteger.valueOf(100), BigInteger.TWO,
                BigInteger.valueOf(3), BigInteger.ONE, BigInteger.valueOf(7), BigInteger.valueOf(1_000), BigInteger.ONE, deadline, update).send());
        record("ProviderRegistry.deregisterFor", chain.registry(chain.platform()).deregisterFor(relayedProvider.getAddress(), BigInteger.TWO,
                deadline, registrySignatures.signDeregister(relayedProvider, BigInteger.TWO, deadline)).send());

        record("Market.credit", Fixtures.depositAndCredit(chain, user, BigInteger.TEN.pow(18)));
        chain.market(user).createOrder(provider.getAddress(), BigInteger.valueOf(1_000), BigInteger.valueOf(2_048), BigInteger.TEN,
                BigInteger.ZERO, BigInteger.valueOf(3_600), NO_LIMIT).send();
        record("Market.createOrder", chain.market(user).createOrder(provider.getAddress(), BigInteger.valueOf(1_000), BigInteger.valueOf(2_048),
                BigInteger.TEN, BigInteger.ZERO, BigInteger.valueOf(3_600), NO_LIMIT).send());
        record("Market.createOrderFor", asPlatform.createOrderFor(user.getAddress(), provider.getAddress(), BigInteger.valueOf(1_000),
                BigInteger.valueOf(2_048), BigInteger.TEN, BigInteger.ZERO, BigInteger.valueOf(3_600), NO_LIMIT, BigInteger.ZERO, deadline,
                marketSignatures.signCreateOrder(user, provider.getAddress(), 1_000, 2_048, 10, 0, 3_600, NO_LIMIT, BigInteger.ZERO, deadline)).send());
        record("Market.acceptOrder", chain.market(provider).acceptOrder(BigInteger.ONE).send());
        chain.market(provider).acceptOrder(BigInteger.TWO).send();
        record("Market.cancelOrder (active)", chain.market(user).cancelOrder(BigInteger.TWO).send());
        record("Market.cancelOrderFor (created)", asPlatform.cancelOrderFor(user.getAddress(), BigInteger.valueOf(3), BigInteger.ONE, deadline,
                marketSignatures.signCancelOrder(user, BigInteger.valueOf(3), BigInteger.ONE, deadline)).send());
        chain.market(user).createOrder(provider.getAddress(), BigInteger.valueOf(1_000), BigInteger.valueOf(2_048), BigInteger.TEN,
                BigInteger.ZERO, BigInteger.valueOf(3_600), NO_LIMIT).send();
        chain.market(provider).acceptOrder(BigInteger.valueOf(4)).send();
        record("Market.refundOrder (active)", chain.market(provider).refundOrder(BigInteger.valueOf(4)).send());
        chain.advance(3_600);
        record("Market.completeOrder", chain.market(chain.user(2)).completeOrder(BigInteger.ONE).send());
        record("Market.withdrawEarnings", chain.market(provider).withdrawEarnings().send());
        record("Market.withdrawCredits", chain.market(user).withdrawCredits(BigInteger.valueOf(1_000)).send());
        record("Market.withdrawCreditsFor", asPlatform.withdrawCreditsFor(user.getAddress(), BigInteger.valueOf(1_000), BigInteger.TWO, deadline,
                marketSignatures.signWithdrawCredits(user, BigInteger.valueOf(1_000), BigInteger.TWO, deadline)).send());
        record("ProviderRegistry.deregister", chain.registry(provider).deregister().send());

        StringBuilder table = new StringBuilder(String.format("| %-34s | %9s |%n|%s|%s|%n", "function", "gas used", "-".repeat(36), "-".repeat(11)));
        gas.forEach((function, used) -> table.append(String.format("| %-34s | %9d |%n", function, used)));
        System.out.print(table);
        Files.writeString(Path.of("target", "gas-report.txt"), table, StandardCharsets.UTF_8);

        assertThat(gas).hasSize(18).allSatisfy((function, used) ->
                assertThat(used).as(function).isBetween(BigInteger.valueOf(21_000), BigInteger.valueOf(400_000)));
    }
}

package io.grid.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.grid.contracts.chain.LocalChain;
import io.grid.contracts.chain.LocalChainTest;
import io.grid.contracts.wrappers.Market;
import io.grid.core.money.Settlement;
import java.math.BigInteger;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** DESIGN.md "Money": the contract and grid-core's Settlement agree to the unit. */
@LocalChainTest
class SettlementAgreementTest {

    private static final List<BigInteger> PRICES_PER_SECOND = List.of(BigInteger.ONE, BigInteger.valueOf(7), BigInteger.valueOf(999_999_937),
            BigInteger.TEN.pow(27).add(BigInteger.valueOf(3)));
    private static final List<Long> DURATIONS = List.of(1L, 7L, 3_600L, 86_401L);

    @Test
    void contractSettlementEqualsSettlementProviderShareForEveryCostDurationAndServedTime(LocalChain chain) throws Exception {
        Credentials user = chain.user(1);
        Credentials provider = chain.provider(1);
        BigInteger credits = BigInteger.TEN.pow(33);
        chain.token().mint(user.getAddress(), credits).send();
        Fixtures.depositAndCredit(chain, user, credits);
        chain.registry(provider).register("cp", "https://gw.example", "", BigInteger.valueOf(8_000), BigInteger.ZERO, BigInteger.ZERO,
                BigInteger.ZERO, BigInteger.ONE, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO).send();
        int checked = 0;

        for (BigInteger price : PRICES_PER_SECOND) {
            chain.registry(provider).update("cp", "https://gw.example", "", BigInteger.valueOf(8_000), BigInteger.ZERO, BigInteger.ZERO,
                    BigInteger.ZERO, price, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO).send();
            for (long duration : DURATIONS) {
                for (long served : new TreeSet<>(List.of(1L, Math.max(1, duration / 3), Math.max(1, duration - 1), duration, duration + 5))) {
                    BigInteger orderId = Fixtures.createOrder(chain, user, provider, 1, 0, 0, 0, duration);
                    BigInteger cost = price.multiply(BigInteger.valueOf(duration));
                    chain.market(provider).acceptOrder(orderId).send();
                    long startedAt = chain.market().getOrder(orderId).send().getValue8().longValueExact();
                    chain.setNextBlockTimestamp(startedAt + served);

                    Market asUser = chain.market(user);
                    TransactionReceipt receipt = served >= duration ? asUser.completeOrder(orderId).send() : asUser.cancelOrder(orderId).send();

                    Market.OrderSettledEventResponse settled = chain.market().getOrderSettledEvents(receipt).get(0);
                    BigInteger expected = Settlement.providerShare(cost, duration, served);
                    assertThat(settled.providerShare).as("cost %s, duration %s, served %s", cost, duration, served).isEqualTo(expected);
                    assertThat(settled.refund).isEqualTo(cost.subtract(expected));
                    assertThat(settled.servedSeconds.longValueExact()).isEqualTo(Math.min(served, duration));
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(60);
    }

    @Test
    void neverAcceptedOrderSettlesLikeZeroServedSeconds(LocalChain chain) throws Exception {
        Credentials user = chain.user(2);
        Credentials provider = chain.provider(2);
        Fixtures.registerProvider(chain, provider);
        Fixtures.depositAndCredit(chain, user, BigInteger.TEN.pow(18));
        BigInteger orderId = Fixtures.createOrder(chain, user, provider, 999, 0, 0, 0, 77);
        BigInteger cost = chain.market().getOrder(orderId).send().getValue10();

        TransactionReceipt receipt = chain.market(user).cancelOrder(orderId).send();

        Market.OrderSettledEventResponse settled = chain.market().getOrderSettledEvents(receipt).get(0);
        assertThat(settled.providerShare).isEqualTo(Settlement.providerShare(cost, 77, 0));
        assertThat(settled.refund).isEqualTo(cost);
    }
}

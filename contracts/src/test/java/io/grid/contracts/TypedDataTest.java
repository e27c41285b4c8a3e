package io.grid.contracts;

import static io.grid.contracts.Fixtures.depositAndCredit;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grid.api.Resources;
import io.grid.api.UnitPrices;
import io.grid.contracts.chain.LocalChain;
import io.grid.contracts.chain.LocalChainTest;
import io.grid.contracts.signing.Eip712;
import io.grid.contracts.signing.MarketSignatures;
import io.grid.contracts.signing.RegistrySignatures;
import io.grid.contracts.signing.TypedData;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;

/**
 * The typed data a wallet is given hashes to what the contracts check: the domain separators equal the contracts'
 * {@code domainSeparator()}, the digests equal the contracts' {@code abi.encode} layout, and a signature of the
 * document is accepted on chain.
 */
@LocalChainTest
class TypedDataTest {

    private static final BigInteger AMOUNT = BigInteger.valueOf(7_000_000);

    @Test
    void domainSeparatorsOfTheTypedDataEqualTheContracts(LocalChain chain) throws Exception {
        MarketSignatures market = new MarketSignatures(LocalChain.CHAIN_ID, chain.market().getContractAddress());
        RegistrySignatures registry = new RegistrySignatures(LocalChain.CHAIN_ID, chain.registry().getContractAddress());

        TypedData cancel = market.cancelOrder(chain.user(1).getAddress(), BigInteger.ONE, BigInteger.ZERO, BigInteger.TEN);
        TypedData deregister = registry.deregister(chain.provider(1).getAddress(), BigInteger.ZERO, BigInteger.TEN);

        assertThat(cancel.domainSeparator()).isEqualTo(chain.market().domainSeparator().send());
        assertThat(deregister.domainSeparator()).isEqualTo(chain.registry().domainSeparator().send());
    }

    @Test
    void termsDigestEqualsTheRegistrysAbiEncoding(LocalChain chain) {
        RegistrySignatures registry = new RegistrySignatures(LocalChain.CHAIN_ID, chain.registry().getContractAddress());
        String provider = chain.provider(1).getAddress();
        Resources capacity = new Resources(4000, 8192, 100, 2, "nvidia-l4");
        UnitPrices prices = UnitPrices.of(1, 2, 3, 4);
        BigInteger deadline = BigInteger.valueOf(1_900_000_000L);

        byte[] byWords = registry.domain().digest(Hash.sha3(Eip712.words(Eip712.keccak(RegistrySignatures.UPDATE_TYPE),
                Eip712.address(provider), Eip712.keccak("p"), Eip712.keccak("https://gw.example"),
                Eip712.keccak("nvidia-l4"), BigInteger.valueOf(4000), BigInteger.valueOf(8192), BigInteger.valueOf(100),
                BigInteger.TWO, BigInteger.ONE, BigInteger.TWO, BigInteger.valueOf(3), BigInteger.valueOf(4),
                BigInteger.valueOf(5), deadline)));

        assertThat(registry.terms(true, provider, "p", "https://gw.example", capacity, prices, BigInteger.valueOf(5),
                deadline).digest()).isEqualTo(byWords);
    }

    @Test
    void aSignatureOfTheTypedDataIsAcceptedOnChain(LocalChain chain) throws Exception {
        Credentials user = chain.user(5);
        depositAndCredit(chain, user, AMOUNT);
        MarketSignatures market = new MarketSignatures(LocalChain.CHAIN_ID, chain.market().getContractAddress());
        BigInteger deadline = BigInteger.valueOf(chain.latestTimestamp() + 600);
        TypedData withdraw = market.withdrawCredits(user.getAddress(), AMOUNT, BigInteger.ZERO, deadline);

        byte[] signature = Eip712.sign(user, withdraw.digest());
        chain.market(chain.platform()).withdrawCreditsFor(user.getAddress(), AMOUNT, BigInteger.ZERO, deadline, signature)
                .send();

        assertThat(chain.market().creditOf(user.getAddress()).send()).isZero();
    }

    @Test
    void documentIsWhatEthSignTypedDataV4TakesWithNumbersAsDecimalStrings(LocalChain chain) throws Exception {
        MarketSignatures market = new MarketSignatures(LocalChain.CHAIN_ID, chain.market().getContractAddress());

        JsonNode json = new ObjectMapper().readTree(market.createOrder(chain.user(1).getAddress(),
                chain.provider(1).getAddress(), 500, 512, 1, 0, 600, BigInteger.valueOf(1_000), BigInteger.ZERO, BigInteger.TEN).toJson());

        assertThat(json.get("primaryType").asText()).isEqualTo("CreateOrder");
        assertThat(json.get("types").get("EIP712Domain").get(2).get("type").asText()).isEqualTo("uint256");
        assertThat(json.get("types").get("CreateOrder").get(2).get("name").asText()).isEqualTo("cpuMillicores");
        assertThat(json.get("domain").get("name").asText()).isEqualTo("GRID Market");
        assertThat(json.get("domain").get("chainId").isTextual()).isTrue();
        assertThat(json.get("message").get("durationSeconds").asText()).isEqualTo("600");
        assertThat(json.get("message").get("maxCost").asText()).isEqualTo("1000");
        assertThat(json.get("message").get("deadline").isTextual()).isTrue();
    }
}

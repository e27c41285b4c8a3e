package io.grid.contracts;

import static io.grid.contracts.Fixtures.registerProvider;
import static io.grid.contracts.Reverts.assertRevertsWith;
import static org.assertj.core.api.Assertions.assertThat;

import io.grid.api.Resources;
import io.grid.api.UnitPrices;
import io.grid.contracts.chain.LocalChain;
import io.grid.contracts.chain.LocalChainTest;
import io.grid.contracts.signing.RegistrySignatures;
import io.grid.contracts.wrappers.ProviderRegistry;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tuples.generated.Tuple11;

@LocalChainTest
class ProviderRegistryTest {

    private static final Resources CAPACITY = new Resources(4_000, 8_192, 50, 1, "L4");
    private static final UnitPrices PRICES = UnitPrices.of(2, 1, 5, 900);

    private static BigInteger deadlineIn(LocalChain chain, long seconds) {
        return BigInteger.valueOf(chain.latestTimestamp() + seconds);
    }

    private static ProviderRegistry relay(LocalChain chain) {
        return chain.registry(chain.platform());
    }

    private static BigInteger nonce(LocalChain chain, Credentials provider) throws Exception {
        return chain.registry().nonces(provider.getAddress()).send();
    }

    private static RegistrySignatures signatures(LocalChain chain) {
        return new RegistrySignatures(LocalChain.CHAIN_ID, chain.registry().getContractAddress());
    }

    private static org.web3j.protocol.core.RemoteFunctionCall<TransactionReceipt> registerFor(LocalChain chain, Credentials provider,
            String name, BigInteger nonce, BigInteger deadline, byte[] signature) {
        return relay(chain).registerFor(provider.getAddress(), name, "https://gw.example", CAPACITY.gpuModel(),
                BigInteger.valueOf(CAPACITY.cpuMillicores()), BigInteger.valueOf(CAPACITY.memoryMib()), BigInteger.valueOf(CAPACITY.storageGib()),
                BigInteger.valueOf(CAPACITY.gpuCount()), PRICES.perCpuMillicore(), PRICES.perMemoryMib(), PRICES.perStorageGib(),
                PRICES.perGpu(), nonce, deadline, signature);
    }

    @Test
    void providerRegistersItselfAndIsListed(LocalChain chain) throws Exception {
        Credentials provider = chain.provider(1);

        TransactionReceipt receipt = registerProvider(chain, provider);

        assertThat(chain.registry().getProviderRegisteredEvents(receipt)).singleElement()
                .satisfies(event -> assertThat(event.provider).isEqualToIgnoringCase(provider.getAddress()));
        assertThat(chain.registry().isRegistered(provider.getAddress()).send()).isTrue();
        Tuple11<String, String, String, BigInteger, BigInteger, BigInteger, BigInteger, BigInteger, BigInteger, BigInteger, BigInteger> terms =
                chain.registry().getProvider(provider.getAddress()).send();
        assertThat(terms.getValue3()).isEqualTo("A100");
        assertThat(terms.getValue4()).isEqualTo(BigInteger.valueOf(Fixtures.CPU));
        assertThat(terms.getValue11()).isEqualTo(Fixtures.PRICE_GPU);
    }

    @Test
    void listsProvidersInPages(LocalChain chain) throws Exception {
        for (int n = 1; n <= 3; n++) {
            registerProvider(chain, chain.provider(n));
        }

        List<?> first = chain.registry().listProviders(BigInteger.ZERO, BigInteger.TWO).send();
        List<?> second = chain.registry().listProviders(BigInteger.TWO, BigInteger.TWO).send();
        List<?> beyond = chain.registry().listProviders(BigInteger.TEN, BigInteger.TWO).send();

        assertThat(chain.registry().providerCount().send()).isEqualTo(BigInteger.valueOf(3));
        assertThat(first).hasSize(2);
        assertThat(second).hasSize(1);
        assertThat(beyond).isEmpty();
    }

    @Test
    void providerUpdatesItsTerms(LocalChain chain) throws Exception {
        Credentials provider = chain.provider(1);
        registerProvider(chain, provider);

        TransactionReceipt receipt = chain.registry(provider).update("renamed", "https://new.example", "", BigInteger.ONE,
                BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, BigInteger.TEN, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO).send();

        assertThat(chain.registry().getProviderUpdatedEvents(receipt)).hasSize(1);
        assertThat(chain.registry().getProvider(provider.getAddress()).send().getValue1()).isEqualTo("renamed");
        assertThat(chain.registry().pricePerSecondOf(provider.getAddress(), BigInteger.ONE, BigInteger.ZERO, BigInteger.ZERO,
                BigInteger.ZERO).send()).isEqualTo(BigInteger.TEN);
    }

    @Test
    void providerDeregistersAndLeavesTheList(LocalChain chain) throws Exception {
        registerProvider(chain, chain.provider(1));
        registerProvider(chain, chain.provider(2));

        TransactionReceipt receipt = chain.registry(chain.provider(1)).deregister().send();

        assertThat(chain.registry().getProviderDeregisteredEvents(receipt)).hasSize(1);
        assertThat(chain.registry().isRegistered(chain.provider(1).getAddress()).send()).isFalse();
        assertThat(chain.registry().listProviders(BigInteger.ZERO, BigInteger.TEN).send())
                .singleElement().asString().isEqualToIgnoringCase(chain.provider(2).getAddress());
    }

    @Test
    void refusesSecondRegistration(LocalChain chain) throws Exception {
        Credentials provider = chain.provider(1);
        registerProvider(chain, provider);

        assertRevertsWith(chain, provider, chain.registry(), chain.registry(provider).register("again", "https://x", "",
                BigInteger.ONE, BigInteger.ONE, BigInteger.ONE, BigInteger.ZERO, BigInteger.ONE, BigInteger.ONE, BigInteger.ONE,
                BigInteger.ONE), "AlreadyRegistered(address)");
    }

    @Test
    void refusesTermsWithoutNameOrCapacity(LocalChain chain) throws Exception {
        Credentials provider = chain.provider(1);

        assertRevertsWith(chain, provider, chain.registry(), chain.registry(provider).register("", "https://x", "",
                BigInteger.ONE, BigInteger.ONE, BigInteger.ONE, BigInteger.ZERO, BigInteger.ONE, BigInteger.ONE, BigInteger.ONE,
                BigInteger.ONE), "InvalidTerms(address)");
        assertRevertsWith(chain, provider, chain.registry(), chain.registry(provider).register("cp", "https://x", "",
                BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ONE, BigInteger.ONE, BigInteger.ONE,
                BigInteger.ONE), "InvalidTerms(address)");
    }

    @Test
    void refusesUpdateAndDeregisterOfUnknownProvider(LocalChain chain) {
        Credentials stranger = chain.provider(4);

        assertRevertsWith(chain, stranger, chain.registry(), chain.registry(stranger).deregister(), "NotRegistered(address)");
        assertRevertsWith(chain, stranger, chain.registry(), chain.registry(stranger).update("cp", "https://x", "", BigInteger.ONE,
                BigInteger.ONE, BigInteger.ONE, BigInteger.ZERO, BigInteger.ONE, BigInteger.ONE, BigInteger.ONE, BigInteger.ONE),
                "NotRegistered(address)");
    }

    @Test
    void refusesCapacityBelowWhatOrdersReserved(LocalChain chain) throws Exception {
        Credentials provider = chain.provider(1);
        registerProvider(chain, provider);
        Fixtures.depositAndCredit(chain, chain.user(1), BigInteger.TEN.pow(20));
        Fixtures.createOrder(chain, chain.user(1), provider, 2_000, 0, 0, 0, 60);

        assertRevertsWith(chain, provider, chain.registry(), chain.registry(provider).update("cp", "https://x", "", BigInteger.valueOf(1_999),
                BigInteger.ONE, BigInteger.ONE, BigInteger.ZERO, BigInteger.ONE, BigInteger.ONE, BigInteger.ONE, BigInteger.ONE),
                "CapacityBelowReserved(address)");
    }

    @Test
    void platformRelaysRegistrationSignedByTheProvider(LocalChain chain) throws Exception {
        Credentials provider = chain.provider(2);
        BigInteger deadline = deadlineIn(chain, 600);
        byte[] signature = signatures(chain).signRegister(provider, "relayed", "https://gw.example", CAPACITY, PRICES,
                nonce(chain, provider), deadline);

        registerFor(chain, provider, "relayed", nonce(chain, provider), deadline, signature).send();

        assertThat(chain.registry().getProvider(provider.getAddress()).send().getValue1()).isEqualTo("relayed");
        assertThat(nonce(chain, provider)).isEqualTo(BigInteger.ONE);
    }

    @Test
    void refusesRelayedRegistrationFromAccountWithoutPlatformRole(LocalChain chain) throws Exception {
        Credentials provider = chain.provider(2);
        Credentials outsider = chain.user(1);
        BigInteger deadline = deadlineIn(chain, 600);
        byte[] signature = signatures(chain).signRegister(provider, "relayed", "https://gw.example", CAPACITY, PRICES, BigInteger.ZERO, deadline);

        assertRevertsWith(chain, outsider, chain.registry(), chain.registry(outsider).registerFor(provider.getAddress(), "relayed",
                "https://gw.example", CAPACITY.gpuModel(), BigInteger.valueOf(CAPACITY.cpuMillicores()), BigInteger.valueOf(CAPACITY.memoryMib()),
                BigInteger.valueOf(CAPACITY.storageGib()), BigInteger.valueOf(CAPACITY.gpuCount()), PRICES.perCpuMillicore(),
                PRICES.perMemoryMib(), PRICES.perStorageGib(), PRICES.perGpu(), BigInteger.ZERO, deadline, signature),
                "AccessControlUnauthorizedAccount(address,bytes32)");
    }

    @Test
    void refusesRelayedRegistrationWithExpiredSignature(LocalChain chain) throws Exception {
        Credentials provider = chain.provider(2);
        BigInteger deadline = deadlineIn(chain, -1);
        byte[] signature = signatures(chain).signRegister(provider, "relayed", "https://gw.example", CAPACITY, PRICES, BigInteger.ZERO, deadline);

        assertRevertsWith(chain, chain.platform(), chain.registry(), registerFor(chain, provider, "relayed", BigInteger.ZERO, deadline, signature),
                "ExpiredSignature(uint256)");
    }

    @Test
    void refusesReplayedRelayedChange(LocalChain chain) throws Exception {
        Credentials provider = chain.provider(2);
        BigInteger deadline = deadlineIn(chain, 600);
        byte[] signature = signatures(chain).signRegister(provider, "relayed", "https://gw.example", CAPACITY, PRICES, BigInteger.ZERO, deadline);
        registerFor(chain, provider, "relayed", BigInteger.ZERO, deadline, signature).send();
        chain.registry(provider).deregister().send();

        assertRevertsWith(chain, chain.platform(), chain.registry(), registerFor(chain, provider, "relayed", BigInteger.ZERO, deadline, signature),
                "InvalidAccountNonce(address,uint256)");
    }

    @Test
    void refusesTermsTheProviderDidNotSign(LocalChain chain) throws Exception {
        Credentials provider = chain.provider(2);
        BigInteger deadline = deadlineIn(chain, 600);
        byte[] signature = signatures(chain).signRegister(provider, "signed name", "https://gw.example", CAPACITY, PRICES, BigInteger.ZERO, deadline);

        assertRevertsWith(chain, chain.platform(), chain.registry(), registerFor(chain, provider, "other name", BigInteger.ZERO, deadline, signature),
                "InvalidSigner(address,address)");
    }

    @Test
    void platformRelaysUpdateAndDeregistration(LocalChain chain) throws Exception {
        Credentials provider = chain.provider(3);
        registerProvider(chain, provider);
        BigInteger deadline = deadlineIn(chain, 600);
        byte[] update = signatures(chain).signUpdate(provider, "updated", "https://gw.example", CAPACITY, PRICES, BigInteger.ZERO, deadline);
        relay(chain).updateFor(provider.getAddress(), "updated", "https://gw.example", CAPACITY.gpuModel(),
                BigInteger.valueOf(CAPACITY.cpuMillicores()), BigInteger.valueOf(CAPACITY.memoryMib()), BigInteger.valueOf(CAPACITY.storageGib()),
                BigInteger.valueOf(CAPACITY.gpuCount()), PRICES.perCpuMillicore(), PRICES.perMemoryMib(), PRICES.perStorageGib(),
                PRICES.perGpu(), BigInteger.ZERO, deadline, update).send();
        assertThat(chain.registry().getProvider(provider.getAddress()).send().getValue1()).isEqualTo("updated");

        byte[] leave = signatures(chain).signDeregister(provider, BigInteger.ONE, deadline);
        relay(chain).deregisterFor(provider.getAddress(), BigInteger.ONE, deadline, leave).send();

        assertThat(chain.registry().isRegistered(provider.getAddress()).send()).isFalse();
    }

    @Test
    void onlyTheMarketReservesAndReleasesCapacity(LocalChain chain) throws Exception {
        Credentials provider = chain.provider(1);
        registerProvider(chain, provider);

        assertRevertsWith(chain, provider, chain.registry(), chain.registry(provider).reserve(provider.getAddress(), BigInteger.ONE,
                BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO), "AccessControlUnauthorizedAccount(address,bytes32)");
        assertRevertsWith(chain, chain.platform(), chain.registry(), chain.registry(chain.platform()).release(provider.getAddress(),
                BigInteger.ONE, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO), "AccessControlUnauthorizedAccount(address,bytes32)");
    }

    @Test
    void signatureDomainMatchesTheContract(LocalChain chain) throws Exception {
        assertThat(chain.registry().domainSeparator().send()).isEqualTo(signatures(chain).domain().domainSeparator());
    }
}

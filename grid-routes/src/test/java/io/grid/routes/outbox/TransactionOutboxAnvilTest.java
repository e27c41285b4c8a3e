package io.grid.routes.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.grid.api.Address;
import io.grid.routes.chain.AnvilNode;
import io.grid.routes.chain.ChainCall;
import io.grid.routes.chain.ChainHealth;
import io.grid.routes.chain.CountingHttpService;
import io.grid.routes.chain.MovableClock;
import io.grid.routes.platform.store.TestDatabase;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

class TransactionOutboxAnvilTest {

    private static final Address TARGET = Address.of(AnvilNode.OTHER.getAddress());
    private static final ChainCall CALL = new ChainCall(TARGET, "0xcafe", BigInteger.valueOf(60_000));
    private static final OutboxSettings FAST = new OutboxSettings(Duration.ofMillis(50), Duration.ofSeconds(30),
            Duration.ofMillis(100), Duration.ofSeconds(2));

    @TempDir
    Path directory;

    private AnvilNode anvil;
    private DataSource dataSource;
    private MovableClock clock;
    private final List<TransactionOutbox> outboxes = new ArrayList<>();

    @BeforeEach
    void startChainAndDatabase() throws Exception {
        anvil = AnvilNode.start();
        dataSource = TestDatabase.migrated(directory);
        clock = new MovableClock();
    }

    @AfterEach
    void stop() {
        outboxes.forEach(TransactionOutbox::close);
        if (anvil != null) {
            anvil.close();
        }
    }

    @Test
    void storesTheSignedTransactionBeforeSendingIt() throws Exception {
        AtomicReference<OutboxEntry> storedAtSend = new AtomicReference<>();
        ChainOutbox table = new ChainOutbox(dataSource, clock);
        CountingHttpService service = new CountingHttpService(anvil.url()) {
            @Override
            public <T extends Response> T send(Request request, Class<T> type) throws java.io.IOException {
                if ("eth_sendRawTransaction".equals(request.getMethod())) {
                    storedAtSend.set(table.open(Address.of(AnvilNode.PLATFORM.getAddress())).get(0));
                    assertThat(request.getParams()).containsExactly(storedAtSend.get().rawTx());
                }
                return super.send(request, type);
            }
        };
        TransactionOutbox outbox = outbox(Web3j.build(service));

        OutboxHandle handle = outbox.submit(CALL);
        TransactionReceipt receipt = awaitReceipt(outbox, handle.receipt());

        assertThat(storedAtSend.get().state()).isEqualTo(OutboxState.SIGNED);
        assertThat(storedAtSend.get().nonce()).isZero();
        assertThat(receipt.getTransactionHash()).isEqualTo(storedAtSend.get().txHash());
    }

    @Test
    void newInstanceAfterACrashBeforeSendingSendsTheStoredBytesOnce() throws Exception {
        CountingHttpService dying = new CountingHttpService(anvil.url());
        dying.fail("eth_sendRawTransaction");
        TransactionOutbox crashed = outbox(Web3j.build(dying));
        OutboxHandle handle = crashed.submit(CALL);
        crashed.close();
        OutboxEntry stored = new ChainOutbox(dataSource, clock).find(handle.outboxId()).orElseThrow();
        assertThat(stored.state()).isEqualTo(OutboxState.SIGNED);
        assertThat(anvil.pendingNonce(AnvilNode.PLATFORM.getAddress())).isZero();

        TransactionOutbox restarted = outbox(anvil.web3j());
        TransactionReceipt receipt = awaitReceipt(restarted, restarted.receipt(handle.outboxId()));

        assertThat(receipt.getTransactionHash()).isEqualTo(stored.txHash());
        assertThat(anvil.minedNonce(AnvilNode.PLATFORM.getAddress())).isEqualTo(1);
    }

    @Test
    void newInstanceAfterACrashAfterSendingResendsTheSameBytesAndTheChainHasOneTransaction() throws Exception {
        anvil.automine(false);
        TransactionOutbox crashed = outbox(anvil.web3j());
        OutboxHandle handle = crashed.submit(CALL);
        crashed.close();
        OutboxEntry sent = new ChainOutbox(dataSource, clock).find(handle.outboxId()).orElseThrow();
        assertThat(sent.state()).isEqualTo(OutboxState.SENT);
        anvil.mine();

        TransactionOutbox restarted = outbox(anvil.web3j());
        clock.advance(FAST.resendAfter().plusSeconds(1));
        TransactionReceipt receipt = awaitReceipt(restarted, restarted.receipt(handle.outboxId()));

        assertThat(receipt.getTransactionHash()).isEqualTo(sent.txHash());
        assertThat(anvil.minedNonce(AnvilNode.PLATFORM.getAddress())).isEqualTo(1);
    }

    @Test
    void receiptTimeOutResendsTheSameBytesAndNeverASecondTransaction() throws Exception {
        anvil.automine(false);
        TransactionOutbox outbox = outbox(anvil.web3j());
        OutboxHandle handle = outbox.submit(CALL);
        String firstHash = new ChainOutbox(dataSource, clock).find(handle.outboxId()).orElseThrow().txHash();

        clock.advance(FAST.resendAfter().plusSeconds(1));
        outbox.pass();
        clock.advance(FAST.resendAfter().plusSeconds(1));
        outbox.pass();

        OutboxEntry afterTimeOuts = new ChainOutbox(dataSource, clock).find(handle.outboxId()).orElseThrow();
        assertThat(afterTimeOuts.txHash()).isEqualTo(firstHash);
        assertThat(afterTimeOuts.attempts()).isEqualTo(3);
        assertThat(new ChainOutbox(dataSource, clock).all(outbox.sender())).hasSize(1);
        assertThat(anvil.pendingNonce(AnvilNode.PLATFORM.getAddress())).isEqualTo(1);

        anvil.mine();
        TransactionReceipt receipt = awaitReceipt(outbox, handle.receipt());
        assertThat(receipt.getTransactionHash()).isEqualTo(firstHash);
        assertThat(anvil.minedNonce(AnvilNode.PLATFORM.getAddress())).isEqualTo(1);
    }

    @Test
    void twentyConcurrentSubmitsOnTwoInstancesGetConsecutiveNoncesAndAllMine() throws Exception {
        TransactionOutbox first = outbox(anvil.web3j());
        TransactionOutbox second = outbox(Web3j.build(new CountingHttpService(anvil.url())));
        int writers = 20;
        CyclicBarrier start = new CyclicBarrier(writers);
        List<Callable<OutboxHandle>> submits = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            TransactionOutbox instance = i % 2 == 0 ? first : second;
            submits.add(() -> {
                start.await(10, TimeUnit.SECONDS);
                return instance.submit(CALL);
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<OutboxHandle> handles = new ArrayList<>();
        try {
            for (Future<OutboxHandle> future : pool.invokeAll(submits, 60, TimeUnit.SECONDS)) {
                handles.add(future.get());
            }
        } finally {
            pool.shutdownNow();
        }

        for (OutboxHandle handle : handles) {
            TransactionReceipt receipt = awaitReceipt(first, first.receipt(handle.outboxId()));
            assertThat(receipt.isStatusOK()).isTrue();
        }
        List<Long> nonces = new ChainOutbox(dataSource, clock).all(first.sender()).stream()
                .map(OutboxEntry::nonce).sorted().toList();
        assertThat(nonces).containsExactlyElementsOf(java.util.stream.LongStream.range(0, writers).boxed().toList());
        assertThat(anvil.minedNonce(AnvilNode.PLATFORM.getAddress())).isEqualTo(writers);
    }

    @Test
    void nodeDownBacksOffBoundedReportsDownAndLosesNoWork() throws Exception {
        CountingHttpService down = new CountingHttpService(anvil.url());
        for (String method : List.of("eth_getTransactionCount", "eth_gasPrice", "eth_sendRawTransaction",
                "eth_getTransactionReceipt")) {
            down.fail(method);
        }
        TransactionOutbox outbox = outbox(Web3j.build(down));

        OutboxHandle handle = outbox.submit(CALL);
        List<Duration> pauses = new ArrayList<>();
        pauses.add(outbox.health().retryIn());
        for (int i = 0; i < 6; i++) {
            outbox.pass();
            pauses.add(outbox.health().retryIn());
        }

        assertThat(outbox.health().status()).isEqualTo(ChainHealth.Status.DOWN);
        assertThat(outbox.health().consecutiveFailures()).isEqualTo(7);
        assertThat(outbox.health().lastError()).contains("simulated transport failure");
        assertThat(pauses).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400),
                Duration.ofMillis(800), Duration.ofMillis(1600), Duration.ofSeconds(2), Duration.ofSeconds(2));
        assertThat(new ChainOutbox(dataSource, clock).find(handle.outboxId()).orElseThrow().state())
                .isEqualTo(OutboxState.QUEUED);

        down.heal();
        TransactionReceipt receipt = awaitReceipt(outbox, handle.receipt());
        assertThat(receipt.isStatusOK()).isTrue();
        assertThat(outbox.health().status()).isEqualTo(ChainHealth.Status.UP);
    }

    @Test
    void backgroundPassesDeliverWithoutAnyoneAsking() throws Exception {
        TransactionOutbox outbox = outbox(anvil.web3j());
        OutboxHandle handle = outbox.submit(CALL);

        outbox.start();
        TransactionReceipt receipt = handle.receipt().get(30, TimeUnit.SECONDS);

        assertThat(receipt.isStatusOK()).isTrue();
    }

    @Test
    void healthTurnsDownWhileATransactionCannotBeMinedAndUpOnceItIs() throws Exception {
        anvil.automine(false);
        TransactionOutbox outbox = outbox(anvil.web3j());
        OutboxHandle handle = outbox.submit(CALL);
        outbox.pass();
        assertThat(outbox.health().status()).isEqualTo(ChainHealth.Status.UP);

        clock.advance(FAST.stallAfter().plusSeconds(1));
        outbox.pass();

        assertThat(outbox.health().status()).isEqualTo(ChainHealth.Status.DOWN);
        assertThat(outbox.health().lastError()).contains("outbox stalled", "transaction " + handle.outboxId(),
                "nonce 0");
        anvil.mine();
        awaitReceipt(outbox, handle.receipt());
        outbox.pass();
        assertThat(outbox.health().status()).isEqualTo(ChainHealth.Status.UP);
    }

    private TransactionOutbox outbox(Web3j web3j) {
        TransactionOutbox outbox = new TransactionOutbox(new ChainOutbox(dataSource, clock), web3j,
                AnvilNode.PLATFORM, AnvilNode.CHAIN_ID, FAST, clock);
        outboxes.add(outbox);
        return outbox;
    }

    /** Runs passes until the receipt is there, with a deadline instead of sleeping. */
    private static TransactionReceipt awaitReceipt(TransactionOutbox outbox,
                                                   CompletableFuture<TransactionReceipt> receipt) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        while (!receipt.isDone()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no receipt within 30 s");
            }
            outbox.pass();
        }
        return receipt.get();
    }
}

package io.grid.routes.gateway.greet;

import io.grid.api.Address;
import io.grid.api.GreetRequest;
import io.grid.api.GreetResponse;
import io.grid.api.GreetType;
import io.grid.api.Order;
import io.grid.api.OrderState;
import io.grid.api.Resources;
import io.grid.api.SignInText;
import io.grid.api.Submission;
import io.grid.core.cookie.CookieClaims;
import io.grid.api.GpuModels;
import io.grid.core.greet.Capacity;
import io.grid.core.greet.ClusterInventory;
import io.grid.core.greet.GreetChecks;
import io.grid.core.refusal.Outage;
import io.grid.core.refusal.OutageException;
import io.grid.core.refusal.Refusal;
import io.grid.core.refusal.RefusedException;
import io.grid.core.signin.NonceBook;
import io.grid.core.signin.SignIn;
import io.grid.core.signin.SignInExpectation;
import io.grid.core.signin.SignInMessage;
import io.grid.core.signin.VerifiedSignIn;
import io.grid.routes.gateway.GatewaySettings;
import io.grid.routes.gateway.kube.LiveInventory;
import io.grid.routes.gateway.market.OrderBook;
import io.grid.routes.gateway.session.Sessions;
import io.grid.routes.gateway.store.LocalOrder;
import io.grid.routes.gateway.store.LocalOrders;
import io.grid.core.log.LogEvent;
import io.grid.routes.outbox.TransactionOutbox;
import io.grid.routes.store.Transactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The three greet steps of a provider's gateway. It gathers the facts (the order and the provider's
 * terms from chain, what accepted orders hold, the signed message) and lets grid-core decide
 * ({@link GreetChecks}, {@link SignIn}); it writes only through the outbox and the local order store.
 */
public class Greeter {

    private static final Logger LOG = LoggerFactory.getLogger(Greeter.class);

    private final GatewaySettings settings;
    private final OrderBook book;
    private final LocalOrders orders;
    private final TransactionOutbox outbox;
    private final NonceBook nonces;
    private final Sessions sessions;
    private final Clock clock;
    private final LiveInventory inventory;
    /** One acceptance at a time on this gateway, so that one order is never sent twice to acceptOrder. */
    private final Object accepting = new Object();

    /**
     * @param settings the gateway's settings
     * @param book     the orders and providers on chain
     * @param orders   the orders this gateway accepted
     * @param outbox   the provider's chain outbox; its account is this gateway's provider
     * @param nonces   the sign-in nonces handed out
     * @param sessions issues session cookies
     * @param clock    wall-clock time, for sign-in messages and cookies
     */
    public Greeter(GatewaySettings settings, OrderBook book, LocalOrders orders, TransactionOutbox outbox,
                   NonceBook nonces, Sessions sessions, Clock clock) {
        this(settings, book, orders, outbox, nonces, sessions, clock, null);
    }

    /**
     * As {@link #Greeter(GatewaySettings, OrderBook, LocalOrders, TransactionOutbox, NonceBook, Sessions, Clock)}, and
     * greet type 0 also limits the free capacity to what the cluster's nodes can still hold ({@code inventory}, none
     * for the configured numbers only).
     */
    public Greeter(GatewaySettings settings, OrderBook book, LocalOrders orders, TransactionOutbox outbox,
                   NonceBook nonces, Sessions sessions, Clock clock, LiveInventory inventory) {
        this.inventory = inventory;
        this.settings = settings;
        this.book = book;
        this.orders = orders;
        this.outbox = outbox;
        this.nonces = nonces;
        this.sessions = sessions;
        this.clock = clock;
    }

    /** This gateway's provider: the account of its outbox. */
    public Address provider() {
        return outbox.sender();
    }

    /**
     * Greet type 0: can this cluster serve the order, and is it paid in full at this provider's prices?
     *
     * @throws RefusedException OTHER_PROVIDER, ORDER_NOT_OPEN, ORDER_EXPIRED, INSUFFICIENT_CAPACITY or UNDERPAID
     */
    public GreetResponse resourcesAndPayment(BigInteger orderId) {
        Order order = chainOrder(orderId);
        checkResourcesAndPayment(order);
        return new GreetResponse(GreetType.RESOURCES_AND_PAYMENT, orderId, order.state(), null);
    }

    /**
     * Greet type 1: if this gateway's provider is the payee, accepts the order on chain (through the
     * outbox, with the provider's key) and stores it. Greeting again for an order accepted already
     * answers the same.
     *
     * @throws RefusedException WRONG_PAYEE, or any refusal of type 0 (an order is never accepted that type 0 refuses)
     * @throws OutageException 503 ACCEPT_PENDING when the acceptance is not mined in time (greet again)
     */
    public GreetResponse payee(BigInteger orderId) {
        Order order = chainOrder(orderId);
        if (order.state() == OrderState.ACTIVE && order.provider().equals(provider())) {
            remember(order, null);
            orders.recordChainState(orderId, order.state(), order.startedAt());
            return new GreetResponse(GreetType.PAYEE, orderId, OrderState.ACTIVE, null);
        }
        GreetChecks.payee(order, provider());
        checkResourcesAndPayment(order);
        long outboxId;
        synchronized (accepting) {
            outboxId = remember(order, c -> outbox.enqueue(c, book.acceptCall(orderId)));
        }
        outbox.wake();
        TransactionReceipt receipt = awaitReceipt(orderId, outboxId);
        Order accepted = chainOrder(orderId);
        if (accepted.state() != OrderState.ACTIVE) {
            throw new RefusedException(Refusal.ACCEPT_FAILED, "acceptOrder of order " + orderId + " ended with status "
                    + receipt.getStatus() + "; the order is " + accepted.state());
        }
        orders.recordChainState(orderId, accepted.state(), accepted.startedAt());
        LogEvent.info(LOG, "order_accepted").with("order", orderId).with("tx", receipt.getTransactionHash())
                .with("startedAt", accepted.startedAt()).log();
        return new GreetResponse(GreetType.PAYEE, orderId, OrderState.ACTIVE, null);
    }

    /**
     * Hands out a nonce for the sign-in message of greet type 2.
     *
     * @throws RefusedException 409 ORDER_NOT_ACCEPTED before greet type 1, 410 ORDER_ENDED after the order's end
     */
    public SignInNonce nonce(BigInteger orderId) {
        servable(orderId);
        Instant now = clock.instant();
        String nonce = nonces.issue(orderId, now);
        return new SignInNonce(orderId, nonce, settings.domain(), settings.chainId(), settings.publicUrl().toString(),
                now.plus(settings.nonceTtl()));
    }

    /**
     * The exact sign-in message {@code user} signs for the order with {@code personal_sign}, with a nonce handed out
     * now, and the greet type 2 request to send with the signature. The message stays valid until the order's end
     * (at least the nonce's lifetime), so the session it opens lasts as long as the order.
     *
     * @throws RefusedException NOT_ORDER_USER when {@code user} is not the order's user
     * @throws RefusedException ORDER_NOT_ACCEPTED before greet type 1, ORDER_ENDED after the order's end
     */
    public SignInText signInText(BigInteger orderId, Address user) {
        LocalOrder order = servable(orderId);
        if (!order.user().equals(user)) {
            throw new RefusedException(Refusal.NOT_ORDER_USER, "order " + orderId + " is not " + user + "'s");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        String nonce = nonces.issue(orderId, now);
        Instant nonceEnd = now.plus(settings.nonceTtl());
        Instant end = order.scheduledEnd().isAfter(nonceEnd) ? order.scheduledEnd() : nonceEnd;
        String text = new SignInMessage(settings.domain(), user, "Sign in to GRID order " + orderId,
                settings.publicUrl().toString(), settings.chainId(), orderId, nonce, now, end).text();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", GreetType.SIGN_IN.code());
        body.put("orderId", orderId);
        body.put("message", text);
        body.put("signature", null);
        return new SignInText(text, new Submission("POST", "/gateway/greet", body));
    }

    /**
     * Greet type 2: checks the signed sign-in message and that its signer is the order's user, then
     * issues a session ending at the message's expiry or the order's end, whichever comes first.
     *
     * @throws RefusedException any refusal of {@link SignIn#verify}, or NOT_ORDER_USER
     */
    public SignedIn signIn(GreetRequest request) {
        if (request.type() != GreetType.SIGN_IN) {
            throw new IllegalArgumentException("a sign-in is greet type 2");
        }
        LocalOrder order = servable(request.orderId());
        Instant now = clock.instant();
        VerifiedSignIn verified = SignIn.verify(request.message(), request.signature(),
                new SignInExpectation(settings.domain(), settings.chainId(), request.orderId()), nonces, now);
        if (!verified.user().equals(order.user())) {
            throw new RefusedException(Refusal.NOT_ORDER_USER,
                    verified.user() + " signed, but order " + order.orderId() + " belongs to " + order.user());
        }
        Instant end = order.scheduledEnd();
        Instant expires = verified.expiresAt().isBefore(end) ? verified.expiresAt() : end;
        String token = sessions.issue(new CookieClaims(verified.user(), order.orderId(), expires));
        LogEvent.info(LOG, "signed_in").with("order", order.orderId()).with("user", verified.user())
                .with("until", expires).log();
        return new SignedIn(GreetType.SIGN_IN, order.orderId(), order.state(), expires, token);
    }

    /** The {@code Set-Cookie} value of a session just issued. */
    public String setCookie(SignedIn signedIn) {
        return sessions.setCookie(signedIn.token(), signedIn.cookieExpires(), clock.instant());
    }

    private void checkResourcesAndPayment(Order order) {
        Resources free = Capacity.free(settings.allocatable(), orders.heldByOthers(order.id()));
        Resources wanted = order.resources();
        boolean ours = order.provider().equals(provider());
        if (ours && wanted.gpuCount() > 0 && !GpuModels.offers(settings.allocatable().gpuModel(), wanted.gpuModel())) {
            throw new RefusedException(Refusal.GPU_MODEL_ABSENT, "order " + order.id() + " asks for GPU model "
                    + wanted.gpuModel() + "; this gateway offers [" + settings.allocatable().gpuModel() + "]");
        }
        if (ours && inventory != null) {
            ClusterInventory live = inventory.read();
            if (wanted.gpuCount() > 0 && GpuModels.common(live.gpuModels(), GpuModels.parse(wanted.gpuModel())).isEmpty()) {
                throw new RefusedException(Refusal.GPU_MODEL_ABSENT, "order " + order.id() + " asks for GPU model "
                        + wanted.gpuModel() + "; the cluster's nodes have " + live.gpuModels());
            }
            free = live.limit(free, wanted.gpuModel());
        }
        GreetChecks.resourcesAndPayment(order, book.provider(provider()), free, book.now());
    }

    /** The stored order, if it may be served now (chain time). */
    private LocalOrder servable(BigInteger orderId) {
        LocalOrder order = orders.find(orderId).filter(o -> o.startedAt() != null).orElseThrow(() ->
                new RefusedException(Refusal.ORDER_NOT_ACCEPTED, "order " + orderId
                        + " is not accepted at this gateway; greet type 1 first"));
        if (!order.servable(book.now())) {
            throw new RefusedException(Refusal.ORDER_ENDED, "order " + orderId + " has ended");
        }
        return order;
    }

    private Order chainOrder(BigInteger orderId) {
        return book.order(orderId).orElseThrow(() -> new RefusedException(Refusal.UNKNOWN_ORDER,
                "order " + orderId + " does not exist on chain"));
    }

    /**
     * Stores the order unless it is stored already; with {@code enqueueAccept}, its acceptOrder call
     * goes into the outbox in the same transaction. Returns the order's acceptance outbox row.
     */
    private long remember(Order order, AcceptCall enqueueAccept) {
        long outboxId = Transactions.inTransaction(orders.dataSource(), c -> {
            Optional<LocalOrder> stored = orders.select(c, order.id());
            if (stored.isPresent()) {
                Long existing = stored.get().acceptOutboxId();
                return existing == null ? -1 : existing;
            }
            long id = enqueueAccept == null ? -1 : enqueueAccept.enqueue(c);
            if (!orders.insertAccepting(c, order, enqueueAccept == null ? null : id)) {
                // A concurrent greet stored it first: drop our acceptance with our transaction, answer with theirs.
                c.rollback();
                Long theirs = orders.select(c, order.id()).map(LocalOrder::acceptOutboxId).orElse(null);
                return theirs == null ? -1 : theirs;
            }
            return id;
        });
        orders.refresh(order.id());
        return outboxId;
    }

    private TransactionReceipt awaitReceipt(BigInteger orderId, long outboxId) {
        if (outboxId < 0) {
            // Stored as active without an acceptance of ours in the outbox: nothing to wait for.
            throw new RefusedException(Refusal.ACCEPT_FAILED, "order " + orderId + " has no acceptance in the outbox");
        }
        try {
            return outbox.receipt(outboxId).get(settings.acceptTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new OutageException(Outage.ACCEPT_PENDING,
                    "the acceptance of order " + orderId + " is not mined yet; greet type 1 again shortly");
        } catch (ExecutionException e) {
            throw new OutageException(Outage.ACCEPT_FAILED,
                    "the acceptance of order " + orderId + " failed: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OutageException(Outage.ACCEPT_PENDING,
                    "interrupted while waiting for the acceptance of order " + orderId);
        }
    }

    @FunctionalInterface
    private interface AcceptCall {
        long enqueue(java.sql.Connection connection) throws java.sql.SQLException;
    }
}

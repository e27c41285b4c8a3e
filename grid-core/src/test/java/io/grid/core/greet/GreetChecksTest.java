package io.grid.core.greet;

import static io.grid.core.order.TestOrders.CREATED_AT;
import static io.grid.core.order.TestOrders.DURATION;
import static io.grid.core.order.TestOrders.PROVIDER;
import static io.grid.core.order.TestOrders.STARTED_AT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grid.api.Address;
import io.grid.api.Order;
import io.grid.api.OrderState;
import io.grid.api.Provider;
import io.grid.api.Resources;
import io.grid.api.UnitPrices;
import io.grid.core.money.Pricing;
import io.grid.core.money.Uint256;
import io.grid.core.order.TestOrders;
import io.grid.core.refusal.Refusal;
import io.grid.core.refusal.RefusedException;
import java.math.BigInteger;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class GreetChecksTest {

    private static final Address OTHER = Address.of("0x3333333333333333333333333333333333333333");
    private static final UnitPrices PRICES = UnitPrices.of(2, 1, 5, 1_000);
    private static final Provider SELF = new Provider(PROVIDER, "node-1", "https://node-1.example",
            new Resources(8_000, 32_768, 500, 2, "A100"), PRICES, true);
    private static final Resources PLENTY = new Resources(8_000, 32_768, 500, 2, "A100");
    private static final Resources WANTED = Resources.of(500, 1_024, 10);
    private static final BigInteger PRICE = Pricing.cost(WANTED, PRICES, DURATION);
    private static final Instant NOW = CREATED_AT.plusSeconds(30);

    private static Order created(BigInteger cost) {
        return TestOrders.created(WANTED, cost, DURATION);
    }

    private static Order withState(OrderState state) {
        Order order = TestOrders.inState(state);
        return new Order(order.id(), order.user(), order.provider(), WANTED, DURATION, PRICE, state,
                order.createdAt(), order.startedAt(), order.endedAt(), false);
    }

    private static Refusal refusalOf(Runnable check) {
        try {
            check.run();
        } catch (RefusedException refused) {
            return refused.refusal();
        }
        throw new AssertionError("expected a refusal");
    }

    // Type 0: resources and payment

    @Test
    void passesOrderPaidExactlyAtProviderPrice() {
        assertThatCode(() -> GreetChecks.resourcesAndPayment(created(PRICE), SELF, PLENTY, NOW))
                .doesNotThrowAnyException();
    }

    @Test
    void passesOrderPaidAboveProviderPrice() {
        assertThatCode(() -> GreetChecks.resourcesAndPayment(created(PRICE.add(BigInteger.ONE)), SELF, PLENTY, NOW))
                .doesNotThrowAnyException();
    }

    @Test
    void passesOrderThatExactlyFillsFreeCapacity() {
        assertThatCode(() -> GreetChecks.resourcesAndPayment(created(PRICE), SELF, WANTED, NOW))
                .doesNotThrowAnyException();
    }

    @Test
    void refusesOrderPaidBelowProviderPrice() {
        Order underpaid = created(PRICE.subtract(BigInteger.ONE));

        assertThatThrownBy(() -> GreetChecks.resourcesAndPayment(underpaid, SELF, PLENTY, NOW))
                .isInstanceOfSatisfying(RefusedException.class, refused -> {
                    assertThat(refused.refusal()).isEqualTo(Refusal.UNDERPAID);
                    assertThat(refused.refusal().httpStatus()).isEqualTo(402);
                    assertThat(refused.getMessage()).contains(PRICE.toString());
                });
    }

    @Test
    void refusesOrderForAnotherProvider() {
        Provider other = new Provider(OTHER, "node-2", "https://node-2.example", PLENTY, PRICES, true);

        Refusal refusal = refusalOf(() -> GreetChecks.resourcesAndPayment(created(PRICE), other, PLENTY, NOW));

        assertThat(refusal).isEqualTo(Refusal.OTHER_PROVIDER);
    }

    @ParameterizedTest
    @EnumSource(value = OrderState.class, names = {"ACTIVE", "COMPLETED", "CANCELLED"})
    void refusesOrderThatIsNoLongerOpen(OrderState state) {
        Refusal refusal = refusalOf(() -> GreetChecks.resourcesAndPayment(withState(state), SELF, PLENTY, NOW));

        assertThat(refusal).isEqualTo(Refusal.ORDER_NOT_OPEN);
    }

    @Test
    void refusesOrderThatWaitedLongerThanItsDuration() {
        Instant late = CREATED_AT.plusSeconds(DURATION);

        Refusal refusal = refusalOf(() -> GreetChecks.resourcesAndPayment(created(PRICE), SELF, PLENTY, late));

        assertThat(refusal).isEqualTo(Refusal.ORDER_EXPIRED);
    }

    @Test
    void refusesOrderLargerThanFreeCapacity() {
        Resources tooLittle = Resources.of(499, 1_024, 10);

        Refusal refusal = refusalOf(() -> GreetChecks.resourcesAndPayment(created(PRICE), SELF, tooLittle, NOW));

        assertThat(refusal).isEqualTo(Refusal.INSUFFICIENT_CAPACITY);
    }

    @Test
    void refusesGpuOrderOfAnotherModel() {
        Resources h100 = new Resources(500, 1_024, 10, 1, "H100");
        Order order = TestOrders.created(h100, Pricing.cost(h100, PRICES, DURATION), DURATION);

        Refusal refusal = refusalOf(() -> GreetChecks.resourcesAndPayment(order, SELF, PLENTY, NOW));

        assertThat(refusal).isEqualTo(Refusal.INSUFFICIENT_CAPACITY);
    }

    @Test
    void refusesOrderWhosePriceHereExceedsUint256() {
        BigInteger max = Uint256.MAX;
        Provider expensive = new Provider(PROVIDER, "node-1", "https://node-1.example", PLENTY,
                new UnitPrices(max, max, max, max), true);
        Order paidEverything = created(max);

        Refusal refusal = refusalOf(() -> GreetChecks.resourcesAndPayment(paidEverything, expensive, PLENTY, NOW));

        assertThat(refusal).isEqualTo(Refusal.UNDERPAID);
    }

    @Test
    void checksProviderBeforeAnythingElse() {
        Provider other = new Provider(OTHER, "node-2", "https://node-2.example", PLENTY, PRICES, true);
        Order everythingWrong = withState(OrderState.CANCELLED);

        Refusal refusal = refusalOf(() -> GreetChecks.resourcesAndPayment(everythingWrong, other, Resources.NONE,
                CREATED_AT.plusSeconds(10 * DURATION)));

        assertThat(refusal).isEqualTo(Refusal.OTHER_PROVIDER);
    }

    @Test
    void refusesMissingArgumentsWithoutARefusalCode() {
        assertThatThrownBy(() -> GreetChecks.resourcesAndPayment(null, SELF, PLENTY, NOW))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GreetChecks.resourcesAndPayment(created(PRICE), null, PLENTY, NOW))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GreetChecks.resourcesAndPayment(created(PRICE), SELF, null, NOW))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GreetChecks.resourcesAndPayment(created(PRICE), SELF, PLENTY, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // Expiry

    @Test
    void unstartedOrderExpiresOneDurationAfterCreation() {
        Order order = created(PRICE);

        assertThat(GreetChecks.expired(order, CREATED_AT.plusSeconds(DURATION).minusMillis(1))).isFalse();
        assertThat(GreetChecks.expired(order, CREATED_AT.plusSeconds(DURATION))).isTrue();
    }

    @Test
    void startedOrderExpiresAtItsScheduledEnd() {
        Order active = TestOrders.inState(OrderState.ACTIVE);

        assertThat(GreetChecks.expired(active, STARTED_AT.plusSeconds(DURATION).minusMillis(1))).isFalse();
        assertThat(GreetChecks.expired(active, STARTED_AT.plusSeconds(DURATION))).isTrue();
    }

    @Test
    void orderWithDurationBeyondTheCalendarNeverExpires() {
        Order order = TestOrders.created(WANTED, PRICE, Long.MAX_VALUE);

        assertThat(GreetChecks.expired(order, Instant.MAX)).isFalse();
    }

    // Type 1: payee

    @Test
    void passesPayeeCheckForOwnCreatedOrder() {
        assertThatCode(() -> GreetChecks.payee(created(PRICE), PROVIDER)).doesNotThrowAnyException();
    }

    @Test
    void refusesPayeeCheckForAnotherProvidersOrder() {
        assertThatThrownBy(() -> GreetChecks.payee(created(PRICE), OTHER))
                .isInstanceOfSatisfying(RefusedException.class, refused -> {
                    assertThat(refused.refusal()).isEqualTo(Refusal.WRONG_PAYEE);
                    assertThat(refused.refusal().httpStatus()).isEqualTo(403);
                });
    }

    @ParameterizedTest
    @EnumSource(value = OrderState.class, names = {"ACTIVE", "COMPLETED", "CANCELLED"})
    void refusesPayeeCheckForOrderNoLongerOpen(OrderState state) {
        Refusal refusal = refusalOf(() -> GreetChecks.payee(withState(state), PROVIDER));

        assertThat(refusal).isEqualTo(Refusal.ORDER_NOT_OPEN);
    }

    @Test
    void refusesPayeeCheckWithMissingArguments() {
        assertThatThrownBy(() -> GreetChecks.payee(null, PROVIDER)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GreetChecks.payee(created(PRICE), null)).isInstanceOf(IllegalArgumentException.class);
    }
}

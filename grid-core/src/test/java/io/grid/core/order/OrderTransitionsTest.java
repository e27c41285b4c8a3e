package io.grid.core.order;

import static io.grid.core.order.TestOrders.CREATED_AT;
import static io.grid.core.order.TestOrders.DURATION;
import static io.grid.core.order.TestOrders.STARTED_AT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grid.api.Order;
import io.grid.api.OrderState;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OrderTransitionsTest {

    /** A moment at which every time condition of every action holds: the scheduled end of the order. */
    private static final Instant SCHEDULED_END = STARTED_AT.plusSeconds(DURATION);

    /** The whole state machine: for each action, the states it is legal from and the state it leads to. */
    private static final Map<OrderAction, Set<OrderState>> LEGAL_FROM = Map.of(
            OrderAction.COMPLETE, Set.of(OrderState.ACTIVE),
            OrderAction.CANCEL, Set.of(OrderState.CREATED, OrderState.ACTIVE),
            OrderAction.SETTLE, Set.of(OrderState.COMPLETED, OrderState.CANCELLED));

    private static final Map<OrderAction, OrderState> TARGET = Map.of(
            OrderAction.COMPLETE, OrderState.COMPLETED,
            OrderAction.CANCEL, OrderState.CANCELLED);

    static Stream<Arguments> legalTransitions() {
        return allPairs().filter(pair -> legal(pair));
    }

    static Stream<Arguments> illegalTransitions() {
        return allPairs().filter(pair -> !legal(pair));
    }

    private static Stream<Arguments> allPairs() {
        return Arrays.stream(OrderState.values())
                .flatMap(state -> Arrays.stream(OrderAction.values()).map(action -> Arguments.of(state, action)));
    }

    private static boolean legal(Arguments pair) {
        return LEGAL_FROM.get((OrderAction) pair.get()[1]).contains((OrderState) pair.get()[0]);
    }

    private static Order apply(Order order, OrderAction action) {
        return switch (action) {
            case COMPLETE -> OrderTransitions.complete(order, SCHEDULED_END);
            case CANCEL -> OrderTransitions.cancel(order, SCHEDULED_END);
            case SETTLE -> OrderTransitions.settle(order);
        };
    }

    @Test
    void stateMachineTableCoversEveryStateAndAction() {
        assertThat(legalTransitions().count() + illegalTransitions().count())
                .isEqualTo((long) OrderState.values().length * OrderAction.values().length);
        assertThat(legalTransitions().count()).isEqualTo(5);
    }

    @ParameterizedTest(name = "{1} from {0} is allowed")
    @MethodSource("legalTransitions")
    void allowsLegalTransition(OrderState from, OrderAction action) {
        Order order = TestOrders.inState(from);

        Order after = apply(order, action);

        assertThat(after.state()).isEqualTo(action == OrderAction.SETTLE ? from : TARGET.get(action));
        assertThat(after.settled()).isEqualTo(action == OrderAction.SETTLE);
        assertThat(after.id()).isEqualTo(order.id());
        assertThat(after.cost()).isEqualTo(order.cost());
        assertThat(after.createdAt()).isEqualTo(order.createdAt());
    }

    @ParameterizedTest(name = "{1} from {0} is refused")
    @MethodSource("illegalTransitions")
    void refusesIllegalTransitionNamingStateAndAction(OrderState from, OrderAction action) {
        Order order = TestOrders.inState(from);

        assertThatThrownBy(() -> apply(order, action))
                .isInstanceOfSatisfying(IllegalOrderTransitionException.class, refused -> {
                    assertThat(refused.from()).isEqualTo(from);
                    assertThat(refused.action()).isEqualTo(action);
                    assertThat(refused.orderId()).isEqualTo(order.id());
                    assertThat(refused.getMessage()).contains(action.name().toLowerCase(Locale.ROOT)).contains(from.name());
                });
    }

    @Test
    void refusesCompletionBeforeTheScheduledEnd() {
        Order active = TestOrders.inState(OrderState.ACTIVE);

        assertThatThrownBy(() -> OrderTransitions.complete(active, SCHEDULED_END.minusMillis(1)))
                .isInstanceOfSatisfying(IllegalOrderTransitionException.class, refused -> {
                    assertThat(refused.from()).isEqualTo(OrderState.ACTIVE);
                    assertThat(refused.action()).isEqualTo(OrderAction.COMPLETE);
                    assertThat(refused.getMessage()).contains("has not run out");
                });
    }

    @Test
    void completesExactlyAtTheScheduledEndAndRecordsIt() {
        Order completed = OrderTransitions.complete(TestOrders.inState(OrderState.ACTIVE), SCHEDULED_END);

        assertThat(completed.state()).isEqualTo(OrderState.COMPLETED);
        assertThat(completed.startedAt()).isEqualTo(STARTED_AT);
        assertThat(completed.endedAt()).isEqualTo(SCHEDULED_END);
    }

    @Test
    void completesLateAndRecordsTheActualEnd() {
        Instant late = SCHEDULED_END.plusSeconds(90);

        Order completed = OrderTransitions.complete(TestOrders.inState(OrderState.ACTIVE), late);

        assertThat(completed.endedAt()).isEqualTo(late);
    }

    @Test
    void refusesCompletionOfAnOrderWhoseDurationEndsBeyondTheCalendar() {
        Order active = new Order(BigInteger.ONE, TestOrders.USER, TestOrders.PROVIDER, TestOrders.RESOURCES,
                Long.MAX_VALUE, BigInteger.TEN, OrderState.ACTIVE, CREATED_AT, STARTED_AT, null, false);

        assertThatThrownBy(() -> OrderTransitions.complete(active, Instant.MAX))
                .isInstanceOf(IllegalOrderTransitionException.class);
    }

    @Test
    void refusesCompletionOfAnActiveOrderWithoutStart() {
        Order broken = new Order(BigInteger.ONE, TestOrders.USER, TestOrders.PROVIDER, TestOrders.RESOURCES,
                DURATION, BigInteger.TEN, OrderState.ACTIVE, CREATED_AT, null, null, false);

        assertThatThrownBy(() -> OrderTransitions.complete(broken, SCHEDULED_END))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("started");
    }

    @Test
    void cancellationOfAnActiveOrderKeepsItsStartAndRecordsTheEnd() {
        Instant at = STARTED_AT.plusSeconds(10);

        Order cancelled = OrderTransitions.cancel(TestOrders.inState(OrderState.ACTIVE), at);

        assertThat(cancelled.state()).isEqualTo(OrderState.CANCELLED);
        assertThat(cancelled.startedAt()).isEqualTo(STARTED_AT);
        assertThat(cancelled.endedAt()).isEqualTo(at);
        assertThat(cancelled.settled()).isFalse();
    }

    @Test
    void cancellationBeforeStartLeavesNoStart() {
        Order cancelled = OrderTransitions.cancel(TestOrders.inState(OrderState.CREATED), CREATED_AT);

        assertThat(cancelled.startedAt()).isNull();
        assertThat(cancelled.endedAt()).isEqualTo(CREATED_AT);
    }

    @Test
    void refusesSettlingTwice() {
        Order settled = OrderTransitions.settle(TestOrders.inState(OrderState.CANCELLED));

        assertThatThrownBy(() -> OrderTransitions.settle(settled))
                .isInstanceOfSatisfying(IllegalOrderTransitionException.class, refused -> {
                    assertThat(refused.from()).isEqualTo(OrderState.CANCELLED);
                    assertThat(refused.action()).isEqualTo(OrderAction.SETTLE);
                    assertThat(refused.getMessage()).contains("already settled");
                });
    }

    @Test
    void settlingKeepsStartAndEnd() {
        Order completed = TestOrders.inState(OrderState.COMPLETED);

        Order settled = OrderTransitions.settle(completed);

        assertThat(settled.startedAt()).isEqualTo(completed.startedAt());
        assertThat(settled.endedAt()).isEqualTo(completed.endedAt());
        assertThat(settled.settled()).isTrue();
    }

    @Test
    void refusesATimeBeforeTheOrderWasCreated() {
        Order created = TestOrders.inState(OrderState.CREATED);

        assertThatThrownBy(() -> OrderTransitions.cancel(created, CREATED_AT.minusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("creation");
    }

    @Test
    void refusesATimeBeforeTheOrderStarted() {
        Order active = TestOrders.inState(OrderState.ACTIVE);

        assertThatThrownBy(() -> OrderTransitions.cancel(active, STARTED_AT.minusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("start");
    }

    @Test
    void refusesMissingOrderOrTime() {
        assertThatThrownBy(() -> OrderTransitions.cancel(null, CREATED_AT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OrderTransitions.cancel(TestOrders.inState(OrderState.CREATED), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OrderTransitions.settle(null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

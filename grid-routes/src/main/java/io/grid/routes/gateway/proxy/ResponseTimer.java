package io.grid.routes.gateway.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * How long a client connection waits for the app's response head once the request is sent. One task per
 * connection, moved lazily: starting the wait sets a deadline, and the task, when it runs, either finds the
 * deadline gone, later (and schedules itself again), or passed (and tells the exchange). Nothing is scheduled
 * or cancelled per request.
 */
final class ResponseTimer {

    private final long timeoutNanos;
    private final Runnable onTimeout;
    private final Runnable check = this::check;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> scheduled;
    /** When the current response head is due, in {@link System#nanoTime()} terms; 0 when none is awaited. */
    private long deadline;

    /**
     * @param timeout   how long a response head may take
     * @param onTimeout what runs on the connection's I/O thread when one took longer
     */
    ResponseTimer(Duration timeout, Runnable onTimeout) {
        this.timeoutNanos = timeout.toNanos();
        this.onTimeout = onTimeout;
    }

    void bind(ChannelHandlerContext context) {
        this.ctx = context;
    }

    /** Starts waiting, unless already waiting. */
    void start() {
        if (deadline == 0) {
            deadline = System.nanoTime() + timeoutNanos;
            if (scheduled == null) {
                scheduled = ctx.executor().schedule(check, timeoutNanos, TimeUnit.NANOSECONDS);
            }
        }
    }

    /** Stops waiting (the task, if scheduled, finds nothing to do). */
    void cancel() {
        deadline = 0;
    }

    /** The connection closed: stops waiting and drops the task. */
    void stop() {
        deadline = 0;
        if (scheduled != null) {
            scheduled.cancel(false);
            scheduled = null;
        }
    }

    private void check() {
        scheduled = null;
        if (deadline == 0 || !ctx.channel().isActive()) {
            return;
        }
        long remaining = deadline - System.nanoTime();
        if (remaining > 0) {
            scheduled = ctx.executor().schedule(check, remaining, TimeUnit.NANOSECONDS);
            return;
        }
        deadline = 0;
        onTimeout.run();
    }
}

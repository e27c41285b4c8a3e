package io.grid.core.signin;

import io.grid.core.refusal.Refusal;
import io.grid.core.refusal.RefusedException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sign-in nonces a gateway has handed out, each bound to one order, usable once and only until
 * it expires. Held in memory, bounded in size: when full, expired nonces are dropped first and then
 * the oldest ones, so a flood of nonce requests costs memory only up to the bound (the oldest
 * requesters then ask again). All methods are atomic with respect to each other.
 */
public final class NonceBook {

    /** Random bytes per nonce: 128 bits, rendered as 32 hex digits (ERC-4361 wants letters or digits). */
    private static final int NONCE_BYTES = 16;

    private final Duration ttl;
    private final int capacity;
    private final SecureRandom random;
    /** Insertion order is issue order, which lets eviction drop the oldest first. */
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    /**
     * @param ttl how long a nonce may be used after it was issued; positive
     * @param capacity how many nonces are held at most; positive
     * @param random the source of the nonces
     */
    public NonceBook(Duration ttl, int capacity, SecureRandom random) {
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive");
        }
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        if (random == null) {
            throw new IllegalArgumentException("random is missing");
        }
        this.ttl = ttl;
        this.capacity = capacity;
        this.random = random;
    }

    /** Hands out a fresh nonce for {@code orderId}, valid until {@code now + ttl}. */
    public synchronized String issue(BigInteger orderId, Instant now) {
        if (orderId == null || now == null) {
            throw new IllegalArgumentException("orderId and now are required");
        }
        makeRoom(now);
        String nonce;
        do {
            byte[] bytes = new byte[NONCE_BYTES];
            random.nextBytes(bytes);
            nonce = HexFormat.of().formatHex(bytes);
        } while (entries.containsKey(nonce));
        entries.put(nonce, new Entry(orderId, now.plus(ttl)));
        return nonce;
    }

    /**
     * Uses up {@code nonce} for {@code orderId}: succeeds once, for the order it was issued for.
     *
     * @throws RefusedException {@link Refusal#UNKNOWN_NONCE} if it was never issued (here), was
     *     dropped, or has expired; {@link Refusal#NONCE_REPLAYED} if it was already used;
     *     {@link Refusal#WRONG_ORDER} if it was issued for another order (it stays usable for that one)
     */
    public synchronized void consume(String nonce, BigInteger orderId, Instant now) {
        if (now == null) {
            throw new IllegalArgumentException("now is required");
        }
        Entry entry = nonce == null ? null : entries.get(nonce);
        if (entry == null || !now.isBefore(entry.expiresAt)) {
            throw new RefusedException(Refusal.UNKNOWN_NONCE, "the nonce is unknown or has expired");
        }
        if (entry.used) {
            throw new RefusedException(Refusal.NONCE_REPLAYED, "the nonce was already used");
        }
        if (!entry.orderId.equals(orderId)) {
            throw new RefusedException(Refusal.WRONG_ORDER, "the nonce was issued for another order");
        }
        // Kept (marked used) until it expires, so that a replay is named as such.
        entry.used = true;
    }

    /** How many nonces are held, used or not, including expired ones not yet dropped. */
    public synchronized int size() {
        return entries.size();
    }

    private void makeRoom(Instant now) {
        if (entries.size() < capacity) {
            return;
        }
        entries.values().removeIf(entry -> !now.isBefore(entry.expiresAt));
        Iterator<String> oldest = entries.keySet().iterator();
        while (entries.size() >= capacity) {
            oldest.next();
            oldest.remove();
        }
    }

    private static final class Entry {
        private final BigInteger orderId;
        private final Instant expiresAt;
        private boolean used;

        private Entry(BigInteger orderId, Instant expiresAt) {
            this.orderId = orderId;
            this.expiresAt = expiresAt;
        }
    }
}

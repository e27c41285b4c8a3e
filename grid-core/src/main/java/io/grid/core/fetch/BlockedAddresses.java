package io.grid.core.fetch;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;

/**
 * The addresses a gateway must never fetch from on a user's behalf: everything that is not a
 * public unicast address. IPv6 forms that carry an IPv4 address (mapped, compatible, translated,
 * NAT64, 6to4) are judged by the IPv4 address they carry; IPv6 forms whose target cannot be told
 * (Teredo, local-use NAT64) are blocked outright.
 */
public final class BlockedAddresses {

    private static final List<Range> IPV4 = List.of(
            Range.of("0.0.0.0", 8),         // "this network"; 0.0.0.0 reaches the local host
            Range.of("10.0.0.0", 8),        // private
            Range.of("100.64.0.0", 10),     // carrier-grade NAT
            Range.of("127.0.0.0", 8),       // loopback
            Range.of("169.254.0.0", 16),    // link-local, cloud metadata services
            Range.of("172.16.0.0", 12),     // private
            Range.of("192.0.0.0", 24),      // IETF protocol assignments
            Range.of("192.0.2.0", 24),      // documentation
            Range.of("192.88.99.0", 24),    // 6to4 relay anycast
            Range.of("192.168.0.0", 16),    // private
            Range.of("198.18.0.0", 15),     // benchmarking
            Range.of("198.51.100.0", 24),   // documentation
            Range.of("203.0.113.0", 24),    // documentation
            Range.of("224.0.0.0", 4),       // multicast
            Range.of("240.0.0.0", 4));      // reserved, with the broadcast 255.255.255.255

    private static final List<Range> IPV6 = List.of(
            Range.of("64:ff9b:1::", 48),    // local-use NAT64: the IPv4 side may be private
            Range.of("100::", 64),          // discard
            Range.of("2001::", 32),         // Teredo: the client address is obfuscated
            Range.of("2001:db8::", 32),     // documentation
            Range.of("fc00::", 7),          // unique local
            Range.of("fe80::", 10),         // link-local
            Range.of("fec0::", 10),         // site-local (deprecated, still routed by some)
            Range.of("ff00::", 8));         // multicast

    /** IPv6 prefixes followed by an IPv4 address in the last four bytes. */
    private static final List<Range> CARRYING_IPV4_AT_END = List.of(
            Range.of("::", 96),             // IPv4-compatible, and :: and ::1
            Range.of("::ffff:0:0", 96),     // IPv4-mapped
            Range.of("::ffff:0:0:0", 96),   // IPv4-translated
            Range.of("64:ff9b::", 96));     // NAT64 well-known prefix

    private static final Range SIX_TO_FOUR = Range.of("2002::", 16);

    private BlockedAddresses() {
    }

    /** Whether the gateway must refuse to connect to {@code address}. */
    public static boolean isBlocked(InetAddress address) {
        return isBlocked(address.getAddress());
    }

    private static boolean isBlocked(byte[] bytes) {
        if (bytes.length == 4) {
            return IPV4.stream().anyMatch(range -> range.contains(bytes));
        }
        for (Range carrier : CARRYING_IPV4_AT_END) {
            if (carrier.contains(bytes)) {
                return isBlocked(Arrays.copyOfRange(bytes, 12, 16));
            }
        }
        if (SIX_TO_FOUR.contains(bytes)) {
            return isBlocked(Arrays.copyOfRange(bytes, 2, 6));
        }
        return IPV6.stream().anyMatch(range -> range.contains(bytes));
    }

    private record Range(byte[] prefix, int bits) {

        static Range of(String literal, int bits) {
            return new Range(NumericHost.literal(literal), bits);
        }

        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            int whole = bits / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != prefix[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[whole] & mask) == (prefix[whole] & mask);
        }
    }
}

package io.grid.core.fetch;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads hosts written as numbers, the way resolvers and browsers do, so that the address rules
 * judge the address a host really means and not its spelling: IPv4 in the inet_aton forms
 * ({@code 2130706433}, {@code 0x7f000001}, {@code 0177.0.0.1}, {@code 127.1}) and IPv6 literals,
 * including a trailing dotted IPv4 part.
 */
final class NumericHost {

    private static final Pattern NUMBER_LABEL = Pattern.compile("[0-9]+|0[xX][0-9a-fA-F]*");
    private static final Pattern HEX_GROUP = Pattern.compile("[0-9a-fA-F]{1,4}");
    private static final Pattern DOTTED_QUAD = Pattern.compile(
            "(?:(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])");
    /** Enough digits for any 32-bit value in octal (11); longer is refused, not overflowed. */
    private static final int MAX_PART_DIGITS = 12;

    private NumericHost() {
    }

    /**
     * The IPv4 address a host name means if its last label is a number, empty if it is a name.
     *
     * @throws FetchRefusedException {@link FetchRefusal#MALFORMED_URL} if the host ends in a number
     *     but is no IPv4 address in any form
     */
    static Optional<byte[]> ipv4(String host) {
        String[] labels = host.split("\\.", -1);
        if (!NUMBER_LABEL.matcher(labels[labels.length - 1]).matches()) {
            return Optional.empty();
        }
        if (labels.length > 4) {
            throw malformed(host);
        }
        long value = 0;
        for (int i = 0; i < labels.length; i++) {
            long part = part(labels[i], host);
            boolean last = i == labels.length - 1;
            // inet_aton: every part but the last is one byte; the last fills the remaining bytes.
            long limit = last ? 1L << (8 * (4 - i)) : 256;
            if (part >= limit) {
                throw malformed(host);
            }
            value = last ? (value << (8 * (4 - i))) | part : (value << 8) | part;
        }
        return Optional.of(new byte[] {
            (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
    }

    /** Whether {@code host} is an IPv4 address in its one plain spelling, {@code a.b.c.d}. */
    static boolean isDottedQuad(String host) {
        return DOTTED_QUAD.matcher(host).matches();
    }

    /**
     * The 16 bytes of an IPv6 literal (without brackets).
     *
     * @throws FetchRefusedException {@link FetchRefusal#MALFORMED_URL} if it is not one
     */
    static byte[] ipv6(String literal) {
        byte[] bytes = parseIpv6(literal);
        if (bytes == null) {
            throw malformed(literal);
        }
        return bytes;
    }

    /** The bytes of a plain IPv4 or IPv6 literal, for tables of ranges written in code. */
    static byte[] literal(String text) {
        byte[] bytes = text.contains(":") ? parseIpv6(text) : ipv4(text).filter(b -> isDottedQuad(text)).orElse(null);
        if (bytes == null) {
            throw new IllegalArgumentException("not an IP literal: " + text);
        }
        return bytes;
    }

    private static byte[] parseIpv6(String text) {
        String hex = text;
        int lastColon = text.lastIndexOf(':');
        String end = text.substring(lastColon + 1);
        if (end.contains(".")) {
            if (!isDottedQuad(end)) {
                return null;
            }
            byte[] v4 = ipv4(end).orElseThrow();
            hex = text.substring(0, lastColon + 1)
                    + Integer.toHexString(((v4[0] & 0xff) << 8) | (v4[1] & 0xff)) + ":"
                    + Integer.toHexString(((v4[2] & 0xff) << 8) | (v4[3] & 0xff));
        }
        int gap = hex.indexOf("::");
        if (gap >= 0 && hex.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        String[] head = groups(gap < 0 ? hex : hex.substring(0, gap));
        String[] tail = groups(gap < 0 ? "" : hex.substring(gap + 2));
        if (head == null || tail == null
                || (gap < 0 ? head.length != 8 : head.length + tail.length > 7)) {
            return null;
        }
        byte[] bytes = new byte[16];
        put(bytes, head, 0);
        put(bytes, tail, 8 - tail.length);
        return bytes;
    }

    private static String[] groups(String part) {
        if (part.isEmpty()) {
            return new String[0];
        }
        String[] groups = part.split(":", -1);
        for (String group : groups) {
            if (!HEX_GROUP.matcher(group).matches()) {
                return null;
            }
        }
        return groups;
    }

    private static void put(byte[] bytes, String[] groups, int firstGroup) {
        for (int i = 0; i < groups.length; i++) {
            int value = Integer.parseInt(groups[i], 16);
            bytes[2 * (firstGroup + i)] = (byte) (value >>> 8);
            bytes[2 * (firstGroup + i) + 1] = (byte) value;
        }
    }

    private static long part(String label, String host) {
        if (label.isEmpty()) {
            throw malformed(host);
        }
        String digits;
        int radix;
        if (label.startsWith("0x") || label.startsWith("0X")) {
            digits = label.substring(2);
            radix = 16;
        } else if (label.length() > 1 && label.startsWith("0")) {
            digits = label.substring(1);
            radix = 8;
        } else {
            digits = label;
            radix = 10;
        }
        if (digits.isEmpty()) {
            // "0x" alone means 0 to inet_aton and to browsers alike.
            return 0;
        }
        if (digits.length() > MAX_PART_DIGITS) {
            throw malformed(host);
        }
        // ASCII only: Character.digit and Long.parseLong would also take other scripts' digits.
        if (!digits.chars().allMatch(c -> c < 128 && Character.digit(c, radix) >= 0)) {
            throw malformed(host);
        }
        return Long.parseLong(digits, radix);
    }

    private static FetchRefusedException malformed(String host) {
        return new FetchRefusedException(FetchRefusal.MALFORMED_URL, "the host '" + host + "' is not a valid address");
    }
}

package io.grid.core.fetch;

import static io.grid.core.fetch.UrlPolicyTest.ip;
import static io.grid.core.fetch.UrlPolicyTest.mapped;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BlockedAddressesTest {

    @ParameterizedTest
    @ValueSource(strings = {"1.1.1.1", "8.8.8.8", "9.255.255.255", "11.0.0.0", "100.63.255.255", "100.128.0.0",
        "126.255.255.255", "128.0.0.0", "169.253.255.255", "169.255.0.0", "172.15.255.255", "172.32.0.0",
        "192.167.255.255", "192.169.0.0", "223.255.255.255"})
    void letsPublicIpv4AddressesNextToBlockedRangesThrough(String literal) {
        assertThat(BlockedAddresses.isBlocked(ip(literal))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2606:4700::1111", "2a00:1450:4001::200e", "::ffff:8.8.8.8", "64:ff9b::808:808",
        "2002:808:808::1", "fbff:ffff::1", "fe7f::1", "2001:1::1"})
    void letsPublicIpv6AddressesThrough(String literal) {
        assertThat(BlockedAddresses.isBlocked(ip(literal))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0", "10.255.255.255", "172.16.0.0", "172.31.255.255", "192.168.0.0",
        "192.168.255.255", "100.64.0.0", "100.127.255.255", "169.254.0.0", "169.254.255.255", "127.0.0.0",
        "0.0.0.0", "224.0.0.0", "255.255.255.255"})
    void blocksTheEdgesOfEachBlockedIpv4Range(String literal) {
        assertThat(BlockedAddresses.isBlocked(ip(literal))).isTrue();
    }

    @Test
    void judgesAnIpv4MappedIpv6AddressByItsIpv4Address() {
        assertThat(BlockedAddresses.isBlocked(mapped(127, 0, 0, 1))).isTrue();
        assertThat(BlockedAddresses.isBlocked(mapped(192, 168, 0, 1))).isTrue();
        assertThat(BlockedAddresses.isBlocked(mapped(8, 8, 8, 8))).isFalse();
    }
}

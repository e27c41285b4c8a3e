package io.grid.core.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class UrlPolicyTest {

    private static final InetAddress PUBLIC_V4 = ip("93.184.215.14");
    private static final InetAddress PUBLIC_V6 = ip("2606:2800:21f:cb07:6820:80da:af6b:8b2c");

    /** Names the test resolver knows; any other name does not resolve. No real DNS is asked. */
    private final Map<String, List<InetAddress>> zone = Map.of(
            "yaml.example.com", List.of(PUBLIC_V4, PUBLIC_V6),
            "loopback.example.com", List.of(ip("127.0.0.1")),
            "metadata.example.com", List.of(ip("169.254.169.254")),
            "mixed.example.com", List.of(PUBLIC_V4, ip("10.0.0.7")),
            "mapped.example.com", List.of(mapped(10, 0, 0, 7)),
            "private-v6.example.com", List.of(PUBLIC_V4, ip("fd00::7")),
            "empty.example.com", List.of(),
            "yaml.test", List.of(ip("127.0.0.1")));
    private final List<String> asked = new ArrayList<>();
    private final HostResolver resolver = host -> {
        asked.add(host);
        List<InetAddress> addresses = zone.get(host);
        if (addresses == null) {
            throw new UnknownHostException(host);
        }
        return addresses;
    };
    private final UrlPolicy policy = new UrlPolicy(resolver, Set.of());

    @Test
    void acceptsHttpsUrlOfAPublicHostWithEveryCheckedAddress() {
        FetchTarget target = policy.check("https://yaml.example.com/apps/web.yaml");

        assertThat(target.uri()).isEqualTo(URI.create("https://yaml.example.com/apps/web.yaml"));
        assertThat(target.host()).isEqualTo("yaml.example.com");
        assertThat(target.port()).isEqualTo(443);
        assertThat(target.addresses()).containsExactly(PUBLIC_V4, PUBLIC_V6);
    }

    @Test
    void usesPort80ForHttpAndTheNamedPortWhenGiven() {
        assertThat(policy.check("http://yaml.example.com/web.yaml").port()).isEqualTo(80);
        assertThat(policy.check("http://YAML.example.com.:8080/web.yaml").port()).isEqualTo(8080);
    }

    @Test
    void normalisesHostCaseAndTrailingDot() {
        assertThat(policy.check("HTTPS://YAML.Example.COM./web.yaml").host()).isEqualTo("yaml.example.com");
    }

    @Test
    void acceptsPublicIpLiteralsWithoutAskingTheResolver() {
        assertThat(policy.check("http://93.184.215.14/web.yaml").addresses()).containsExactly(PUBLIC_V4);
        assertThat(policy.check("http://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]:8443/web.yaml").addresses())
                .containsExactly(PUBLIC_V6);
        assertThat(asked).isEmpty();
    }

    @Test
    void acceptsIpv4MappedFormOfAPublicAddress() {
        assertThat(policy.check("http://[::ffff:93.184.215.14]/web.yaml").addresses())
                .extracting(InetAddress::getAddress)
                .containsExactly(mapped(93, 184, 215, 14).getAddress());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://yaml.example.com/web.yaml", "file:///etc/passwd", "gopher://yaml.example.com/",
        "jar:http://yaml.example.com/a.jar!/web.yaml", "javascript:alert(1)", "data:text/yaml,kind:Pod",
        "//yaml.example.com/web.yaml", "ws://yaml.example.com/"})
    void refusesSchemesOtherThanHttpAndHttps(String url) {
        assertRefused(url, FetchRefusal.BAD_SCHEME);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "http://", "http:///web.yaml", "http:yaml.example.com", "http://exa mple.com/",
        "http://yaml.example.com:99999/", "http://yaml.example.com:0/", "http://yaml.example.com:/",
        "http://yaml.example.com:http/", "http://[::1/", "http://[::1]x/", "http://[fe80::1%25eth0]/",
        "http://[not:an:ipv6]/", "http://a..b.example.com/", "http://exa_mple.com/", "http://-a.example.com/",
        "http://bücher.example/", "http://%6c%6fcalhost/", "http://1.2.3.4.5/", "http://256.1.1.1/",
        "http://1.2.3.256/", "http://4294967296/", "http://08.1.1.1/", "http://example.123/",
        "http://0x08080808/", "http://134744072/", "http://8.8.2056/", "http://.example.com/", "http://:80/"})
    void refusesMalformedUrls(String url) {
        assertRefused(url, FetchRefusal.MALFORMED_URL);
    }

    @Test
    void refusesHostNameLongerThan253Characters() {
        String label = "a".repeat(63);
        String host = String.join(".", label, label, label, label) + ".com";

        assertRefused("https://" + host + "/web.yaml", FetchRefusal.MALFORMED_URL);
    }

    @Test
    void refusesUrlLongerThanTheBound() {
        assertRefused("https://yaml.example.com/" + "a".repeat(UrlPolicy.MAX_URL_LENGTH), FetchRefusal.MALFORMED_URL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://user@yaml.example.com/", "http://user:secret@yaml.example.com/",
        "http://yaml.example.com@127.0.0.1/", "http://@yaml.example.com/"})
    void refusesUserInfo(String url) {
        assertRefused(url, FetchRefusal.USERINFO);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.255.255.254", "10.1.2.3", "172.16.0.1", "172.31.255.255",
        "192.168.1.1", "169.254.169.254", "100.64.0.1", "100.127.255.255", "0.0.0.0", "0.1.2.3", "224.0.0.1",
        "239.255.255.250", "255.255.255.255", "240.0.0.1", "192.0.2.1", "198.18.0.1"})
    void refusesBlockedIpv4Literals(String literal) {
        assertRefused("http://" + literal + "/web.yaml", FetchRefusal.BLOCKED_ADDRESS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"::1", "::", "fc00::1", "fd12:3456::1", "fe80::1", "febf::1", "fec0::1", "ff02::1",
        "::ffff:127.0.0.1", "::ffff:7f00:1", "::ffff:a9fe:a9fe", "::127.0.0.1", "::ffff:0:10.0.0.1",
        "64:ff9b::a9fe:a9fe", "64:ff9b::127.0.0.1", "64:ff9b:1::808:808", "2002:7f00:1::", "2002:c0a8:101::1",
        "2001::1", "2001:db8::1", "100::1"})
    void refusesBlockedIpv6Literals(String literal) {
        assertRefused("http://[" + literal + "]/web.yaml", FetchRefusal.BLOCKED_ADDRESS);
    }

    @Test
    void refusesLoopbackWrittenAsOneDecimalNumber() {
        assertRefused("http://2130706433/web.yaml", FetchRefusal.BLOCKED_ADDRESS);
    }

    @Test
    void refusesLoopbackWrittenAsOneHexNumber() {
        assertRefused("http://0x7f000001/web.yaml", FetchRefusal.BLOCKED_ADDRESS);
    }

    @Test
    void refusesLoopbackWrittenInOctal() {
        assertRefused("http://0177.0.0.1/web.yaml", FetchRefusal.BLOCKED_ADDRESS);
    }

    @Test
    void refusesLoopbackWrittenAsOneOctalNumber() {
        assertRefused("http://017700000001/web.yaml", FetchRefusal.BLOCKED_ADDRESS);
    }

    @Test
    void refusesLoopbackWrittenInShortForm() {
        assertRefused("http://127.1/web.yaml", FetchRefusal.BLOCKED_ADDRESS);
    }

    @Test
    void refusesLoopbackWrittenInMixedHexAndShortForm() {
        assertRefused("http://0X7F.1/web.yaml", FetchRefusal.BLOCKED_ADDRESS);
    }

    @Test
    void refusesLoopbackWithZeroPaddedParts() {
        assertRefused("http://127.000.000.001/web.yaml", FetchRefusal.BLOCKED_ADDRESS);
    }

    @Test
    void refusesLoopbackWithTrailingDot() {
        assertRefused("http://127.0.0.1./web.yaml", FetchRefusal.BLOCKED_ADDRESS);
    }

    @Test
    void refusesMetadataAddressWrittenAsOneDecimalNumber() {
        assertRefused("http://2852039166/latest/meta-data/", FetchRefusal.BLOCKED_ADDRESS);
    }

    @Test
    void refusesZeroWrittenAsASingleDigit() {
        assertRefused("http://0:8080/", FetchRefusal.BLOCKED_ADDRESS);
    }

    @Test
    void refusesNameResolvingToLoopback() {
        assertRefused("http://loopback.example.com/web.yaml", FetchRefusal.BLOCKED_ADDRESS);
    }

    @Test
    void refusesNameResolvingToTheMetadataService() {
        assertRefused("http://metadata.example.com/latest/meta-data/", FetchRefusal.BLOCKED_ADDRESS);
    }

    @Test
    void refusesNameOfWhichAnyResolvedAddressIsPrivate() {
        assertRefused("http://mixed.example.com/web.yaml", FetchRefusal.BLOCKED_ADDRESS);
        assertRefused("http://private-v6.example.com/web.yaml", FetchRefusal.BLOCKED_ADDRESS);
    }

    @Test
    void refusesNameResolvingToAnIpv4MappedPrivateAddress() {
        assertRefused("http://mapped.example.com/web.yaml", FetchRefusal.BLOCKED_ADDRESS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "LOCALHOST", "localhost.", "kubernetes", "my-service",
        "kubernetes.default.svc", "api.default.svc.cluster.local", "web.team.svc.cluster.local",
        "metadata.google.internal", "printer.local", "app.localhost", "host.localdomain", "router.home.arpa"})
    void refusesClusterInternalNamesWithoutAskingTheResolver(String host) {
        assertRefused("http://" + host + "/web.yaml", FetchRefusal.CLUSTER_INTERNAL_NAME);
        assertThat(asked).isEmpty();
    }

    @Test
    void refusesNameThatDoesNotResolve() {
        assertRefused("http://nowhere.example.com/web.yaml", FetchRefusal.UNRESOLVABLE);
    }

    @Test
    void refusesNameThatResolvesToNoAddress() {
        assertRefused("http://empty.example.com/web.yaml", FetchRefusal.UNRESOLVABLE);
    }

    @Test
    void refusesNameForWhichTheResolverGivesNothing() {
        UrlPolicy nullResolving = new UrlPolicy(host -> null, Set.of());

        assertThatThrownBy(() -> nullResolving.check("http://yaml.example.com/"))
                .isInstanceOfSatisfying(FetchRefusedException.class,
                        refused -> assertThat(refused.refusal()).isEqualTo(FetchRefusal.UNRESOLVABLE));
    }

    @Test
    void allowListLetsTestsFetchFromLoopback() {
        UrlPolicy forTests = new UrlPolicy(resolver, Set.of("127.0.0.1", "yaml.test", "::1"));

        assertThat(forTests.check("http://127.0.0.1:8080/web.yaml").addresses()).containsExactly(ip("127.0.0.1"));
        assertThat(forTests.check("http://yaml.test:8080/web.yaml").addresses()).containsExactly(ip("127.0.0.1"));
        assertThat(forTests.check("http://[::1]:8080/web.yaml").addresses()).containsExactly(ip("::1"));
    }

    @Test
    void allowListExemptsOnlyTheHostsItNames() {
        UrlPolicy forTests = new UrlPolicy(resolver, Set.of("127.0.0.1"));

        assertThatThrownBy(() -> forTests.check("http://127.0.0.2/web.yaml"))
                .isInstanceOfSatisfying(FetchRefusedException.class,
                        refused -> assertThat(refused.refusal()).isEqualTo(FetchRefusal.BLOCKED_ADDRESS));
        assertThatThrownBy(() -> forTests.check("http://user@127.0.0.1/web.yaml"))
                .isInstanceOfSatisfying(FetchRefusedException.class,
                        refused -> assertThat(refused.refusal()).isEqualTo(FetchRefusal.USERINFO));
        assertThatThrownBy(() -> forTests.check("file://127.0.0.1/etc/passwd"))
                .isInstanceOfSatisfying(FetchRefusedException.class,
                        refused -> assertThat(refused.refusal()).isEqualTo(FetchRefusal.BAD_SCHEME));
    }

    @Test
    void checksARelativeRedirectAgainstTheUrlThatSentIt() {
        FetchTarget first = policy.check("https://yaml.example.com/apps/web.yaml");

        FetchTarget next = policy.checkRedirect(first, "../v2/web.yaml");

        assertThat(next.uri()).isEqualTo(URI.create("https://yaml.example.com/v2/web.yaml"));
    }

    @Test
    void refusesARedirectToABlockedAddress() {
        FetchTarget first = policy.check("https://yaml.example.com/web.yaml");

        assertThatThrownBy(() -> policy.checkRedirect(first, "http://169.254.169.254/latest/meta-data/"))
                .isInstanceOfSatisfying(FetchRefusedException.class,
                        refused -> assertThat(refused.refusal()).isEqualTo(FetchRefusal.BLOCKED_ADDRESS));
    }

    @Test
    void refusesARedirectToAnotherScheme() {
        FetchTarget first = policy.check("https://yaml.example.com/web.yaml");

        assertThatThrownBy(() -> policy.checkRedirect(first, "file:///etc/passwd"))
                .isInstanceOfSatisfying(FetchRefusedException.class,
                        refused -> assertThat(refused.refusal()).isEqualTo(FetchRefusal.BAD_SCHEME));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"http://exa mple.com/"})
    void refusesARedirectWithoutAReadableLocation(String location) {
        FetchTarget first = policy.check("https://yaml.example.com/web.yaml");

        assertThatThrownBy(() -> policy.checkRedirect(first, location))
                .isInstanceOfSatisfying(FetchRefusedException.class,
                        refused -> assertThat(refused.refusal()).isEqualTo(FetchRefusal.MALFORMED_URL));
    }

    @Test
    void strictPolicyExemptsNothing() throws UnknownHostException {
        UrlPolicy strict = UrlPolicy.strict();

        assertThat(strict.allowedHosts()).isEmpty();
        assertThatThrownBy(() -> strict.check("http://127.0.0.1/web.yaml"))
                .isInstanceOfSatisfying(FetchRefusedException.class,
                        refused -> assertThat(refused.refusal()).isEqualTo(FetchRefusal.BLOCKED_ADDRESS));
        // A literal needs no DNS: the system resolver answers it locally.
        assertThat(HostResolver.system().resolve("127.0.0.1")).containsExactly(ip("127.0.0.1"));
    }

    @Test
    void refusesToBeBuiltWithoutAResolver() {
        assertThatThrownBy(() -> new UrlPolicy(null, Set.of())).isInstanceOf(IllegalArgumentException.class);
        assertThat(new UrlPolicy(resolver, null).allowedHosts()).isEmpty();
    }

    @Test
    void targetNeedsAtLeastOneAddress() {
        URI uri = URI.create("https://yaml.example.com/");

        assertThatThrownBy(() -> new FetchTarget(uri, "yaml.example.com", 443, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FetchTarget(uri, "yaml.example.com", 443, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private void assertRefused(String url, FetchRefusal refusal) {
        assertThatThrownBy(() -> policy.check(url))
                .isInstanceOfSatisfying(FetchRefusedException.class,
                        refused -> assertThat(refused.refusal()).isEqualTo(refusal));
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByAddress(NumericHost.literal(literal));
        } catch (UnknownHostException wrongLength) {
            throw new IllegalArgumentException(wrongLength);
        }
    }

    /** ::ffff:a.b.c.d kept as an IPv6 address, as a resolver may hand it out. */
    static InetAddress mapped(int a, int b, int c, int d) {
        byte[] bytes = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) a, (byte) b, (byte) c, (byte) d};
        try {
            return Inet6Address.getByAddress(null, bytes, -1);
        } catch (UnknownHostException wrongLength) {
            throw new IllegalArgumentException(wrongLength);
        }
    }
}

package io.billstream.webhook.endpoint;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DestinationGuardTest {

    /** Names resolve from this table only, so the tests never depend on real DNS. */
    private static final Map<String, List<String>> DNS = Map.of(
            "hooks.example.com", List.of("93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"),
            "split.example.com", List.of("93.184.215.14", "10.1.2.3"),
            "metadata.example.com", List.of("169.254.169.254"),
            "localhost", List.of("127.0.0.1", "::1"));

    private final DestinationGuard guard = new DestinationGuard(host -> {
        List<String> addresses = DNS.get(host);
        if (addresses == null) {
            // Literal addresses parse without a lookup; no other name exists here.
            if (host.matches("[0-9.]+") || host.contains(":")) {
                return List.of(InetAddress.getByName(host));
            }
            throw new UnknownHostException(host);
        }
        return addresses.stream().map(DestinationGuardTest::address).toList();
    });

    @Test
    void a_public_https_host_is_allowed() {
        assertThatCode(() -> guard.check(URI.create("https://hooks.example.com/billing"), false)).doesNotThrowAnyException();
        assertThatCode(() -> guard.check(URI.create("https://93.184.215.14:8443/x"), false)).doesNotThrowAnyException();
        assertThatCode(() -> guard.check(URI.create("https://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/x"), false))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "127.0.0.1", "127.8.9.10",                 // loopback
            "0.0.0.0", "0.1.2.3",                      // any-local, 'this network'
            "169.254.169.254", "169.254.0.1",          // link-local, cloud metadata
            "10.0.0.1", "10.255.255.255",              // private 10/8
            "172.16.0.1", "172.31.255.254",            // private 172.16/12
            "192.168.0.1", "192.168.255.255",          // private 192.168/16
            "100.64.0.1", "100.127.255.254",           // carrier-grade NAT 100.64/10
            "224.0.0.1", "239.255.255.250",            // multicast
            "255.255.255.255", "240.0.0.1"})           // broadcast, reserved
    void an_internal_ipv4_address_is_refused(String address) {
        assertThatThrownBy(() -> guard.check(URI.create("https://" + address + "/hook"), false))
                .isInstanceOf(UnsafeDestinationException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "::1",                                     // loopback
            "::",                                      // any-local
            "fe80::1", "febf::1",                      // link-local fe80::/10
            "fc00::1", "fd12:3456::1",                 // unique-local fc00::/7
            "ff02::1",                                 // multicast
            "::ffff:127.0.0.1", "::ffff:169.254.169.254", "::ffff:10.0.0.1", "::ffff:192.168.1.1",  // IPv4-mapped
            "::7f00:1"})                               // IPv4-compatible 127.0.0.1
    void an_internal_ipv6_address_is_refused(String address) {
        assertThatThrownBy(() -> guard.check(URI.create("https://[" + address + "]/hook"), false))
                .isInstanceOf(UnsafeDestinationException.class);
    }

    @Test
    void edges_of_the_private_ranges_are_public() {
        for (String address : List.of("172.15.255.255", "172.32.0.1", "100.63.255.255", "100.128.0.1", "11.0.0.1",
                "192.167.255.255", "169.253.255.255")) {
            assertThatCode(() -> guard.check(URI.create("https://" + address + "/"), false)).as(address).doesNotThrowAnyException();
        }
    }

    @Test
    void a_name_is_refused_if_any_of_its_addresses_is_internal() {
        assertThatThrownBy(() -> guard.check(URI.create("https://split.example.com/hook"), false))
                .isInstanceOf(UnsafeDestinationException.class).hasMessageContaining("10.1.2.3");
        assertThatThrownBy(() -> guard.check(URI.create("https://metadata.example.com/latest"), false))
                .isInstanceOf(UnsafeDestinationException.class).hasMessageContaining("link-local");
        assertThatThrownBy(() -> guard.check(URI.create("http://localhost:8080/hook"), false))
                .isInstanceOf(UnsafeDestinationException.class).hasMessageContaining("loopback");
    }

    @Test
    void a_name_that_does_not_resolve_is_refused() {
        assertThatThrownBy(() -> guard.check(URI.create("https://no-such-host.invalid/hook"), false))
                .isInstanceOf(UnsafeDestinationException.class).hasMessageContaining("does not resolve");
    }

    @Test
    void a_tenant_that_allows_private_urls_may_use_internal_addresses() {
        assertThatCode(() -> guard.check(URI.create("http://localhost:8080/hook"), true)).doesNotThrowAnyException();
        assertThatCode(() -> guard.check(URI.create("https://10.0.0.5/hook"), true)).doesNotThrowAnyException();
    }

    @Test
    void schemes_other_than_http_and_user_info_are_refused_even_when_private_urls_are_allowed() {
        for (String url : List.of("ftp://hooks.example.com/x", "file:///etc/passwd", "gopher://hooks.example.com/",
                "https://user:pass@hooks.example.com/x", "https:///nohost")) {
            assertThatThrownBy(() -> guard.check(URI.create(url), true)).as(url).isInstanceOf(UnsafeDestinationException.class);
        }
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}

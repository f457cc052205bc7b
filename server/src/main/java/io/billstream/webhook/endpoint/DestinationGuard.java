package io.billstream.webhook.endpoint;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;

import org.springframework.stereotype.Component;

/**
 * Refuses webhook URLs that resolve to loopback, private, link-local or otherwise internal
 * addresses (server-side request forgery), unless the tenant explicitly allows them.
 *
 * <p>Every address the host resolves to is checked, not just the first, so a name with one public
 * and one internal record is refused. A host that does not resolve is refused too: it cannot be
 * shown to be safe, and it cannot be delivered to anyway. The check runs when a URL is saved and
 * again before every delivery, so a name later re-pointed at an internal address stops receiving.
 */
@Component
public class DestinationGuard {

    /** How host names become addresses; replaced in tests. */
    interface Resolver {
        List<InetAddress> resolve(String host) throws UnknownHostException;
    }

    private final Resolver resolver;

    public DestinationGuard() {
        this(host -> List.of(InetAddress.getAllByName(host)));
    }

    DestinationGuard(Resolver resolver) {
        this.resolver = resolver;
    }

    /**
     * @throws UnsafeDestinationException if any address the host resolves to is internal and
     *                                    {@code allowPrivate} is false, or the URL is not http(s)
     */
    public void check(URI url, boolean allowPrivate) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new UnsafeDestinationException("Only http and https URLs can receive webhooks");
        }
        if (url.getRawUserInfo() != null) {
            throw new UnsafeDestinationException("A webhook URL must not carry a user name or password");
        }
        String host = url.getHost();
        if (host == null || host.isEmpty()) {
            throw new UnsafeDestinationException("A webhook URL must name a host");
        }
        if (allowPrivate) {
            return;
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(bare);
        } catch (UnknownHostException e) {
            throw new UnsafeDestinationException("The host '" + host + "' does not resolve");
        }
        if (addresses.isEmpty()) {
            throw new UnsafeDestinationException("The host '" + host + "' does not resolve");
        }
        for (InetAddress address : addresses) {
            String why = internal(address);
            if (why != null) {
                throw new UnsafeDestinationException("The host '" + host + "' resolves to " + address.getHostAddress()
                        + ", " + why + "; such addresses receive webhooks only if the tenant allows private URLs");
            }
        }
    }

    /** Why {@code address} is internal, or null when it is a public unicast address. */
    static String internal(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            InetAddress embedded = embeddedIpv4(b);
            if (embedded != null) {
                String why = internal(embedded);
                return why == null ? null : why + " (as an IPv6 address)";
            }
            if ((b[0] & 0xfe) == 0xfc) {
                return "a unique-local address (fc00::/7)";
            }
        }
        if (address.isAnyLocalAddress()) {
            return "the unspecified address";
        }
        if (address.isLoopbackAddress()) {
            return "a loopback address";
        }
        if (address.isLinkLocalAddress()) {
            return "a link-local address (such as cloud metadata services)";
        }
        if (address.isSiteLocalAddress()) {
            return "a private address";
        }
        if (address.isMulticastAddress()) {
            return "a multicast address";
        }
        if (address instanceof Inet4Address) {
            byte[] b = address.getAddress();
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 100 && (second & 0xc0) == 64) {
                return "a carrier-grade NAT address (100.64.0.0/10)";
            }
            if (first == 0) {
                return "an address of 'this network' (0.0.0.0/8)";
            }
            if (first >= 240) {
                return "a reserved or broadcast address";
            }
            if (first == 192 && second == 0 && (b[2] & 0xff) == 0) {
                return "an IETF protocol address (192.0.0.0/24)";
            }
            if (first == 198 && (second == 18 || second == 19)) {
                return "a benchmarking address (198.18.0.0/15)";
            }
        }
        return null;
    }

    /**
     * The IPv4 address inside an IPv4-mapped ({@code ::ffff:a.b.c.d}) or IPv4-compatible
     * ({@code ::a.b.c.d}) IPv6 address, which many stacks route to that IPv4 address; else null.
     */
    private static InetAddress embeddedIpv4(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return null;
            }
        }
        boolean mapped = (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = b[10] == 0 && b[11] == 0 && !(b[12] == 0 && b[13] == 0 && b[14] == 0 && (b[15] & 0xfe) == 0);
        if (!mapped && !compatible) {
            return null;
        }
        try {
            return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}

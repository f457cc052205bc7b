package io.billstream.webhook.endpoint;

import java.net.URI;

import org.springframework.stereotype.Component;

/**
 * Refuses webhook URLs that resolve to loopback, private, link-local or otherwise internal
 * addresses (server-side request forgery), unless the tenant explicitly allows them.
 */
@Component
public class DestinationGuard {

    /**
     * @throws UnsafeDestinationException if any address the host resolves to is internal and
     *                                    {@code allowPrivate} is false, or the URL is not http(s)
     */
    public void check(URI url, boolean allowPrivate) {
        throw new UnsupportedOperationException("being written");
    }
}

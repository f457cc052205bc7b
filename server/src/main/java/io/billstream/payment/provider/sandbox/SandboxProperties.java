package io.billstream.payment.provider.sandbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param callbackSecret the secret sandbox callbacks are signed with; without one, a random secret is
 *                       drawn at start, so nobody outside the process can forge a sandbox callback
 * @param tolerance      how far a callback's signed timestamp may be from now (default 5 minutes)
 */
@ConfigurationProperties("billstream.payments.sandbox")
public record SandboxProperties(String callbackSecret, Duration tolerance) {

    public SandboxProperties {
        tolerance = tolerance == null ? Duration.ofMinutes(5) : tolerance;
    }
}

package io.billstream.webhook.delivery.domain;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Standard Webhooks signature: {@code v1,<base64 HMAC-SHA256 of "id.timestamp.body">}, keyed
 * with the base64-decoded part of a {@code whsec_} secret. While a rotated-out secret still counts,
 * the header carries one signature per secret, separated by spaces, so receivers holding either
 * secret accept the request.
 */
public final class WebhookSignature {

    static final String SECRET_PREFIX = "whsec_";

    private WebhookSignature() {
    }

    /** The {@code webhook-signature} header value, signed with each of {@code secrets} in turn. */
    public static String header(List<String> secrets, String messageId, long timestampSeconds, String body) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("at least one secret is needed");
        }
        byte[] content = (messageId + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8);
        List<String> signatures = new ArrayList<>(secrets.size());
        for (String secret : secrets) {
            signatures.add("v1," + Base64.getEncoder().encodeToString(hmac(key(secret), content)));
        }
        return String.join(" ", signatures);
    }

    static byte[] key(String secret) {
        String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        return Base64.getDecoder().decode(encoded);
    }

    private static byte[] hmac(byte[] key, byte[] content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(content);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}

package io.billstream.webhook.delivery.domain;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookSignatureTest {

    // The example of the Standard Webhooks specification (and its reference libraries' tests).
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TIMESTAMP = 1614265330;
    private static final String BODY = "{\"test\": 2432232314}";
    private static final String EXPECTED = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    @Test
    void signsIdTimestampAndBodyWithTheDecodedSecret() {
        assertThat(WebhookSignature.header(List.of(SECRET), ID, TIMESTAMP, BODY)).isEqualTo(EXPECTED);
    }

    @Test
    void theWhsecPrefixIsOptional() {
        assertThat(WebhookSignature.header(List.of(SECRET.substring("whsec_".length())), ID, TIMESTAMP, BODY)).isEqualTo(EXPECTED);
    }

    @Test
    void duringARotationEachSecretSignsSeparatedBySpaces() {
        String other = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]);

        String header = WebhookSignature.header(List.of(other, SECRET), ID, TIMESTAMP, BODY);

        String[] parts = header.split(" ");
        assertThat(parts).hasSize(2);
        assertThat(parts[0]).startsWith("v1,").isNotEqualTo(EXPECTED);
        assertThat(parts[1]).isEqualTo(EXPECTED);
    }

    @Test
    void anyChangeToTheSignedContentChangesTheSignature() {
        assertThat(WebhookSignature.header(List.of(SECRET), ID, TIMESTAMP + 1, BODY)).isNotEqualTo(EXPECTED);
        assertThat(WebhookSignature.header(List.of(SECRET), ID + "x", TIMESTAMP, BODY)).isNotEqualTo(EXPECTED);
        assertThat(WebhookSignature.header(List.of(SECRET), ID, TIMESTAMP, BODY + " ")).isNotEqualTo(EXPECTED);
    }

    @Test
    void signingNeedsASecret() {
        assertThatThrownBy(() -> WebhookSignature.header(List.of(), ID, TIMESTAMP, BODY)).isInstanceOf(IllegalArgumentException.class);
    }
}

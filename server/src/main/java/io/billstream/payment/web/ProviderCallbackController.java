package io.billstream.payment.web;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.billstream.payment.application.CallbackReceiver;
import io.billstream.platform.auth.Scopes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where providers post their callbacks. Not authenticated by an API key: the provider's signature,
 * verified before anything is read, is the authentication.
 */
@RestController
@Tag(name = "Provider callbacks", description = "Payment providers' signed notifications about charges and refunds")
class ProviderCallbackController {

    private final CallbackReceiver receiver;

    ProviderCallbackController(CallbackReceiver receiver) {
        this.receiver = receiver;
    }

    @PostMapping("/v1/providers/{provider}/callbacks")
    @PreAuthorize(Scopes.SIGNED_BY_PROVIDER)
    @SecurityRequirements
    @Operation(summary = "Receive a provider callback", description = "sandbox (billstream-sandbox-signature) or stripe "
            + "(Stripe-Signature). 400 invalid_callback and nothing changed when the signature or timestamp does not verify; 200 for "
            + "everything else, including replays (outcome duplicate) and callbacks about objects Billstream does not know.")
    Map<String, Object> receive(@PathVariable String provider, @RequestBody(required = false) byte[] body, HttpServletRequest request) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name.toLowerCase(Locale.ROOT), request.getHeader(name));
        }
        headers.remove("authorization");
        headers.remove("cookie");
        CallbackReceiver.Receipt receipt = receiver.receive(provider, body == null ? new byte[0] : body, headers);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("received", true);
        answer.put("outcome", receipt.outcome());
        return answer;
    }
}

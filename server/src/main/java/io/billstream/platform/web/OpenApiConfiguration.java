package io.billstream.platform.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.OAuthFlow;
import io.swagger.v3.oas.models.security.OAuthFlows;
import io.swagger.v3.oas.models.security.Scopes;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document at /v1/openapi.json, with both ways to authenticate. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI billstreamOpenApi() {
        Scopes scopes = new Scopes()
                .addString("admin", "Manage API keys, OAuth clients, tenants; read audit logs")
                .addString("billing:read", "Read customers and other billing resources")
                .addString("billing:write", "Create and change billing resources")
                .addString("usage:write", "Send usage events")
                .addString("events:read", "Read billing events")
                .addString("events:write", "Record billing events of external systems")
                .addString("webhooks:write", "Manage webhook endpoints");
        return new OpenAPI()
                .info(new Info().title("Billstream API").version("v1")
                        .description("""
                                Self-hosted billing: customers, subscriptions, usage, invoices, payments and billing events.
                                Send an API key (sk_...) or an OAuth 2.0 access token as 'Authorization: Bearer <token>'.
                                Every POST accepts an Idempotency-Key header. Errors are RFC 9457 problem+json.""")
                        .license(new License().name("Apache-2.0").url("https://www.apache.org/licenses/LICENSE-2.0")))
                .components(new Components()
                        .addSecuritySchemes("apiKey", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("A secret API key (sk_...) sent as a bearer token"))
                        .addSecuritySchemes("oauth2", new SecurityScheme().type(SecurityScheme.Type.OAUTH2)
                                .description("Client-credentials grant at /oauth2/token; tokens are JWTs signed by the keys at /oauth2/jwks")
                                .flows(new OAuthFlows().clientCredentials(new OAuthFlow().tokenUrl("/oauth2/token").scopes(scopes)))))
                .addSecurityItem(new SecurityRequirement().addList("apiKey"))
                .addSecurityItem(new SecurityRequirement().addList("oauth2"));
    }
}

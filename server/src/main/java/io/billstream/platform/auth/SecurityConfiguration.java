package io.billstream.platform.auth;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Set;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import io.billstream.platform.web.ProblemResponses;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2ClientCredentialsAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Two filter chains. The first is Spring Authorization Server, limited to the token endpoint (the
 * client-credentials grant) and the JWKS document. The second protects everything else: API keys
 * and access tokens are both {@code Authorization: Bearer} credentials, and each endpoint requires
 * a scope with {@code @PreAuthorize}.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfiguration {

    static final String TOKEN_ENDPOINT = "/oauth2/token";
    static final String JWKS_ENDPOINT = "/oauth2/jwks";

    @Bean
    @Order(1)
    SecurityFilterChain authorizationServerChain(HttpSecurity http, OAuthClientRegistry clients, ProblemResponses problems)
            throws Exception {
        http.securityMatcher(TOKEN_ENDPOINT, JWKS_ENDPOINT)
                .oauth2AuthorizationServer(server -> server
                        .registeredClientRepository(clients)
                        .authorizationService(new StatelessTokenAuthorizations())
                        .tokenEndpoint(token -> token.accessTokenRequestConverter(allScopesWhenNoneRequested())))
                .authorizeHttpRequests(authorize -> authorize.anyRequest().authenticated())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(new ProblemAuthenticationHandlers(problems)));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain apiChain(HttpSecurity http, ApiKeyCache apiKeys, OAuthClients oauthClients, JwtDecoder jwtDecoder,
                                 Clock clock, ProblemResponses problems) throws Exception {
        JwtAuthenticationProvider accessTokens = new JwtAuthenticationProvider(jwtDecoder);
        accessTokens.setJwtAuthenticationConverter(jwt -> BearerAuthentication.accessToken(jwt, oauthClients));
        AuthenticationProvider keys = BearerAuthentication.apiKeys(apiKeys, clock);
        // Route by the token's form: an API key must never be reported as a malformed JWT.
        AuthenticationManager bearerTokens = authentication ->
                ((BearerTokenAuthenticationToken) authentication).getToken().startsWith(BearerAuthentication.API_KEY_PREFIX)
                        ? keys.authenticate(authentication) : accessTokens.authenticate(authentication);
        ProblemAuthenticationHandlers handlers = new ProblemAuthenticationHandlers(problems);
        http.securityMatcher("/**")
                .authorizeHttpRequests(authorize -> authorize
                        .requestMatchers("/v1/openapi.json", "/v1/openapi.json/**", "/docs", "/docs/**", "/swagger-ui/**",
                                "/actuator/health", "/actuator/health/**", "/actuator/prometheus", "/error").permitAll()
                        // Providers authenticate their callbacks with their own signatures, checked by the payment module.
                        .requestMatchers(HttpMethod.POST, "/v1/providers/*/callbacks").permitAll()
                        .anyRequest().authenticated())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .authenticationManagerResolver(request -> bearerTokens)
                        .authenticationEntryPoint(handlers)
                        .accessDeniedHandler(handlers))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(handlers).accessDeniedHandler(handlers))
                .csrf(csrf -> csrf.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return http.build();
    }

    @Bean
    JwtDecoder jwtDecoder(SigningKeys signingKeys) {
        return OAuth2AuthorizationServerConfiguration.jwtDecoder((JWKSource<SecurityContext>) signingKeys);
    }

    @Bean
    AuthorizationServerSettings authorizationServerSettings(@Value("${billstream.oauth.issuer:}") String issuer) {
        AuthorizationServerSettings.Builder settings = AuthorizationServerSettings.builder()
                .tokenEndpoint(TOKEN_ENDPOINT)
                .jwkSetEndpoint(JWKS_ENDPOINT);
        if (!issuer.isBlank()) {
            settings.issuer(issuer);
        }
        return settings.build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /** Puts the client's tenant into every access token it is issued. */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> tenantClaim() {
        return context -> context.getClaims().claim("tenant_id",
                (String) context.getRegisteredClient().getClientSettings().getSetting(OAuthClientRegistry.TENANT_SETTING));
    }

    /** A token request without {@code scope} is granted every scope the client has, not none. */
    private static AuthenticationConverter allScopesWhenNoneRequested() {
        OAuth2ClientCredentialsAuthenticationConverter standard = new OAuth2ClientCredentialsAuthenticationConverter();
        return request -> {
            Authentication converted = standard.convert(request);
            if (converted instanceof OAuth2ClientCredentialsAuthenticationToken token && token.getScopes().isEmpty()
                    && token.getPrincipal() instanceof OAuth2ClientAuthenticationToken client && client.getRegisteredClient() != null) {
                Set<String> scopes = new LinkedHashSet<>(client.getRegisteredClient().getScopes());
                return new OAuth2ClientCredentialsAuthenticationToken(client, scopes, token.getAdditionalParameters());
            }
            return converted;
        };
    }
}

package io.billstream.platform.auth;

import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

/**
 * Access tokens are self-contained signed JWTs: every instance validates them from the signing key
 * alone, and revoking the OAuth client makes all of its tokens invalid at once (checked on every
 * request). No per-token state is kept, so there is nothing to store here; the introspection and
 * revocation endpoints, which would need it, are not exposed.
 */
final class StatelessTokenAuthorizations implements OAuth2AuthorizationService {

    @Override
    public void save(OAuth2Authorization authorization) {
        // Nothing to keep: see the class comment.
    }

    @Override
    public void remove(OAuth2Authorization authorization) {
        // Nothing kept, nothing to remove.
    }

    @Override
    public OAuth2Authorization findById(String id) {
        return null;
    }

    @Override
    public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
        return null;
    }
}

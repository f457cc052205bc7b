package io.billstream.webhook.endpoint;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.billstream.platform.domain.InvalidValueException;
import io.billstream.platform.domain.Metadata;
import io.billstream.webhook.mapping.FieldMapping;
import tools.jackson.databind.JsonNode;

/**
 * What a tenant says about an endpoint; validates itself. TLS verification may be turned off, and
 * plain http used, only on an endpoint marked {@code development}: a production receiver is always
 * reached over verified TLS.
 *
 * @param fieldMapping the mapping specification as given (validated by {@link FieldMapping#parse}), or null
 */
public record EndpointSettings(String url, String description, List<String> eventTypes, boolean enabled, String format,
                               JsonNode fieldMapping, boolean verifyTls, boolean development, boolean ordered,
                               String apiVersion, Map<String, String> metadata) {

    static final int MAX_URL_LENGTH = 2048;
    static final int MAX_DESCRIPTION_LENGTH = 500;

    public EndpointSettings {
        URI parsed = parseUrl(url);
        if (parsed.getScheme().equalsIgnoreCase("http") && !development) {
            throw new InvalidValueException("url", "url must use https; plain http is allowed only for an endpoint marked development");
        }
        if (description != null && description.length() > MAX_DESCRIPTION_LENGTH) {
            throw new InvalidValueException("description", "description is at most " + MAX_DESCRIPTION_LENGTH + " characters");
        }
        eventTypes = EventTypePatterns.valid(eventTypes);
        if (format == null) {
            format = "json";
        }
        if (!format.equals("json") && !format.equals("xml")) {
            throw new InvalidValueException("format", "format must be 'json' or 'xml'");
        }
        if (fieldMapping != null && fieldMapping.isNull()) {
            fieldMapping = null;
        }
        if (fieldMapping != null) {
            FieldMapping.parse(fieldMapping);
        }
        if (!verifyTls && !development) {
            throw new InvalidValueException("verify_tls", "verify_tls can be false only on an endpoint marked development");
        }
        if (apiVersion == null || apiVersion.isBlank()) {
            throw new InvalidValueException("api_version", "api_version is required");
        }
        metadata = Metadata.valid(metadata);
    }

    public URI uri() {
        return URI.create(url);
    }

    private static URI parseUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new InvalidValueException("url", "url is required");
        }
        if (url.length() > MAX_URL_LENGTH) {
            throw new InvalidValueException("url", "url is at most " + MAX_URL_LENGTH + " characters");
        }
        URI parsed;
        try {
            parsed = new URI(url);
        } catch (URISyntaxException e) {
            throw new InvalidValueException("url", "url is not a valid URL: " + e.getReason());
        }
        String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new InvalidValueException("url", "url must be an absolute https URL");
        }
        if (parsed.getHost() == null || parsed.getHost().isEmpty()) {
            throw new InvalidValueException("url", "url must name a host");
        }
        if (parsed.getRawUserInfo() != null) {
            throw new InvalidValueException("url", "url must not carry a user name or password; authenticate receivers by the signature");
        }
        if (parsed.getRawFragment() != null) {
            throw new InvalidValueException("url", "url must not have a fragment");
        }
        return parsed;
    }
}

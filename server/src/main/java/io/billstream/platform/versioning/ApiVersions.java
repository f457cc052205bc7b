package io.billstream.platform.versioning;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The date versions of the API ({@code Billstream-Version}) and the transformers that render a
 * representation, written by the code in the latest shape, in the shape of an older version.
 */
@Component
public class ApiVersions {

    /** The version new API keys and webhook endpoints are pinned to. */
    public static final String LATEST = "2026-11-01";

    /** The version of the current request (header, else the caller's pinned version), or {@link #LATEST} outside a request. */
    public String current() {
        return LATEST;
    }

    public boolean known(String version) {
        return LATEST.equals(version);
    }

    /** {@code representation} (latest shape) as a caller pinned to {@code version} sees it. */
    public JsonNode render(JsonNode representation, String version) {
        return representation;
    }
}

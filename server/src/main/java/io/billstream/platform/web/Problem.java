package io.billstream.platform.web;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import tools.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import tools.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

/**
 * An RFC 9457 problem detail with Billstream's extensions: {@code code} (stable, machine-readable),
 * {@code param} (the offending field, dotted for nested fields), {@code request_id}, and
 * {@code errors} when several fields are wrong at once.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JacksonXmlRootElement(localName = "problem")
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        String code,
        String param,
        String requestId,
        @JacksonXmlElementWrapper(localName = "errors") @JacksonXmlProperty(localName = "error") List<FieldError> errors) {

    /** Problem types are URNs named by the code; docs/errors.md lists them. */
    public static final String TYPE_PREFIX = "urn:billstream:problem:";

    public static Problem of(int status, String title, String code, String param, String detail) {
        return new Problem(TYPE_PREFIX + code, title, status, detail, code, param, RequestIds.current(), null);
    }

    public Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(type, title, status, detail, code, param, requestId, fieldErrors);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FieldError(String param, String code, String detail) {
    }
}

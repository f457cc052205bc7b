package io.billstream.platform.versioning;

import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Renders JSON response bodies in the request's version. Controllers return the newest shape; for a
 * caller on an older version the body becomes a tree, has the newer versions' changes undone and is
 * written as that tree. A request in the newest version (the usual case) is passed through untouched.
 */
@ControllerAdvice
class VersionedResponses implements ResponseBodyAdvice<Object> {

    private final ApiVersions versions;
    private final JsonMapper json;

    VersionedResponses(ApiVersions versions, JsonMapper json) {
        this.versions = versions;
        this.json = json;
    }

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return JacksonJsonHttpMessageConverter.class.isAssignableFrom(converterType);
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
                                  Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
                                  ServerHttpResponse response) {
        String version = versions.current();
        if (body == null || versions.isNewest(version)) {
            return body;
        }
        JsonNode tree = body instanceof JsonNode node ? node : json.valueToTree(body);
        return versions.render(tree, version);
    }
}

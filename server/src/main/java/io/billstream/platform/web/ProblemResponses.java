package io.billstream.platform.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Renders problems, both from controllers and from servlet filters that run before them. */
@Component
public class ProblemResponses {

    public static final MediaType PROBLEM_XML = MediaType.parseMediaType("application/problem+xml");

    private final JsonMapper json;

    ProblemResponses(JsonMapper json) {
        this.json = json;
    }

    public static ResponseEntity<Problem> entity(HttpServletRequest request, HttpStatus status, String code, String param, String detail) {
        return entity(request, Problem.of(status.value(), status.getReasonPhrase(), code, param, detail));
    }

    public static ResponseEntity<Problem> entity(HttpServletRequest request, Problem problem) {
        return ResponseEntity.status(problem.status()).contentType(mediaTypeFor(request)).body(problem);
    }

    /** For filters: writes the problem as JSON straight to the response. */
    public void write(HttpServletResponse response, HttpStatus status, String code, String param, String detail) throws IOException {
        Problem problem = Problem.of(status.value(), status.getReasonPhrase(), code, param, detail);
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), problem);
    }

    private static MediaType mediaTypeFor(HttpServletRequest request) {
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        if (accept != null) {
            for (MediaType type : MediaType.parseMediaTypes(accept)) {
                if (type.getSubtype().endsWith("xml")) {
                    return PROBLEM_XML;
                }
                if (type.getSubtype().endsWith("json") || type.isWildcardType()) {
                    break;
                }
            }
        }
        return MediaType.APPLICATION_PROBLEM_JSON;
    }
}

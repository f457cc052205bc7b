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
import tools.jackson.dataformat.xml.XmlMapper;

/** Renders problems, both from controllers and from servlet filters that run before them. */
@Component
public class ProblemResponses {

    public static final MediaType PROBLEM_XML = MediaType.parseMediaType("application/problem+xml");

    private final JsonMapper json;
    private final XmlMapper xml;

    ProblemResponses(JsonMapper json, XmlMapper xml) {
        this.json = json;
        this.xml = xml;
    }

    public static ResponseEntity<Problem> entity(HttpServletRequest request, HttpStatus status, String code, String param, String detail) {
        return entity(request, Problem.of(status.value(), status.getReasonPhrase(), code, param, detail));
    }

    public static ResponseEntity<Problem> entity(HttpServletRequest request, Problem problem) {
        return ResponseEntity.status(problem.status()).contentType(mediaTypeFor(request)).body(problem);
    }

    /** For filters, which run before content negotiation: writes the problem straight to the response. */
    public void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String code, String param,
                      String detail) throws IOException {
        Problem problem = Problem.of(status.value(), status.getReasonPhrase(), code, param, detail);
        MediaType type = mediaTypeFor(request);
        response.setStatus(status.value());
        response.setContentType(type.toString());
        response.setCharacterEncoding("UTF-8");
        if (type.equals(PROBLEM_XML)) {
            xml.writeValue(response.getOutputStream(), problem);
        } else {
            json.writeValue(response.getOutputStream(), problem);
        }
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

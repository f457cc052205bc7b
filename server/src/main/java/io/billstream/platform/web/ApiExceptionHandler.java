package io.billstream.platform.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import io.billstream.platform.domain.InvalidValueException;
import io.billstream.platform.domain.StateConflictException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.ValueInstantiationException;

/**
 * Turns every failure into a problem response. Client mistakes get a 4xx naming the field and the
 * reason; anything unexpected is logged with its request ID and answered with a 500 that reveals
 * nothing of the server's internals.
 */
@RestControllerAdvice
class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Problem> api(ApiException e, HttpServletRequest request) {
        return ProblemResponses.entity(request, e.status(), e.code(), e.param(), e.getMessage());
    }

    @ExceptionHandler(InvalidValueException.class)
    ResponseEntity<Problem> invalidValue(InvalidValueException e, HttpServletRequest request) {
        return ProblemResponses.entity(request, HttpStatus.BAD_REQUEST, "parameter_invalid", e.field(), e.getMessage());
    }

    @ExceptionHandler(StateConflictException.class)
    ResponseEntity<Problem> stateConflict(StateConflictException e, HttpServletRequest request) {
        return ProblemResponses.entity(request, HttpStatus.CONFLICT, e.code(), null, e.getMessage());
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<Problem> invalidBody(MethodArgumentNotValidException e, HttpServletRequest request) {
        List<Problem.FieldError> errors = new ArrayList<>();
        for (FieldError error : e.getBindingResult().getFieldErrors()) {
            boolean missing = error.getRejectedValue() == null
                    && error.getCode() != null && error.getCode().startsWith("Not");
            errors.add(new Problem.FieldError(snakeCase(error.getField()), missing ? "parameter_missing" : "parameter_invalid",
                    missing ? "This field is required" : error.getDefaultMessage()));
        }
        errors.sort(java.util.Comparator.comparing(Problem.FieldError::param));
        Problem.FieldError first = errors.getFirst();
        String detail = errors.size() == 1 ? first.param() + ": " + first.detail()
                : errors.size() + " fields are invalid; the first is " + first.param() + ": " + first.detail();
        return ProblemResponses.entity(request, Problem.of(400, "Bad Request", first.code(), first.param(), detail).withErrors(errors));
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    ResponseEntity<Problem> invalidParameter(HandlerMethodValidationException e, HttpServletRequest request) {
        var result = e.getParameterValidationResults().getFirst();
        String name = snakeCase(result.getMethodParameter().getParameterName());
        String reason = result.getResolvableErrors().getFirst().getDefaultMessage();
        return ProblemResponses.entity(request, HttpStatus.BAD_REQUEST, "parameter_invalid", name, name + ": " + reason);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Problem> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        PayloadTooLargeException tooLarge = causeOfType(e, PayloadTooLargeException.class);
        if (tooLarge != null) {
            return ProblemResponses.entity(request, HttpStatus.CONTENT_TOO_LARGE, "request_too_large", null, tooLarge.getMessage());
        }
        Throwable cause = e.getCause();
        if (cause instanceof UnrecognizedPropertyException unknown) {
            String param = path(unknown);
            return ProblemResponses.entity(request, HttpStatus.BAD_REQUEST, "parameter_unknown", param,
                    "Unknown field '" + param + "'");
        }
        if (cause instanceof ValueInstantiationException invalid && invalid.getCause() instanceof InvalidValueException value) {
            String param = joinPath(path(invalid), value.field());
            return ProblemResponses.entity(request, HttpStatus.BAD_REQUEST, "parameter_invalid", param, value.getMessage());
        }
        if (cause instanceof InvalidFormatException | cause instanceof MismatchedInputException) {
            JacksonException mismatch = (JacksonException) cause;
            String param = path(mismatch);
            if (param.isEmpty()) {
                return ProblemResponses.entity(request, HttpStatus.BAD_REQUEST, "invalid_body", null,
                        "The request body must be a JSON object");
            }
            return ProblemResponses.entity(request, HttpStatus.BAD_REQUEST, "parameter_invalid", param,
                    "Field '" + param + "' has the wrong type" + expected(mismatch));
        }
        if (cause instanceof StreamReadException parse) {
            String where = parse.getLocation() == null ? "" : " at line " + parse.getLocation().getLineNr()
                    + ", column " + parse.getLocation().getColumnNr();
            return ProblemResponses.entity(request, HttpStatus.BAD_REQUEST, "invalid_json", null,
                    "The request body is not valid JSON" + where);
        }
        if (cause instanceof ApiException api) {
            return api(api, request);
        }
        return ProblemResponses.entity(request, HttpStatus.BAD_REQUEST, "invalid_body", null,
                "The request body is missing or unreadable");
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Problem> typeMismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        return ProblemResponses.entity(request, HttpStatus.BAD_REQUEST, "parameter_invalid", e.getName(),
                "'" + e.getValue() + "' is not a valid value for " + e.getName());
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<Problem> missingParameter(MissingServletRequestParameterException e, HttpServletRequest request) {
        return ProblemResponses.entity(request, HttpStatus.BAD_REQUEST, "parameter_missing", e.getParameterName(),
                "Query parameter '" + e.getParameterName() + "' is required");
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    ResponseEntity<Problem> missingHeader(MissingRequestHeaderException e, HttpServletRequest request) {
        return ProblemResponses.entity(request, HttpStatus.BAD_REQUEST, "header_missing", e.getHeaderName(),
                "Header '" + e.getHeaderName() + "' is required");
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Problem> unsupportedMediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest request) {
        return ProblemResponses.entity(request, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", null,
                "Content-Type " + e.getContentType() + " is not supported; send application/json");
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<Problem> notAcceptable(HttpMediaTypeNotAcceptableException e, HttpServletRequest request) {
        Problem problem = Problem.of(406, "Not Acceptable", "not_acceptable", null,
                "This endpoint answers in application/json or application/xml");
        return ResponseEntity.status(406).contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<Problem> methodNotAllowed(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        return ProblemResponses.entity(request, HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed", null,
                e.getMethod() + " is not supported on " + request.getRequestURI());
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<Problem> noRoute(NoResourceFoundException e, HttpServletRequest request) {
        return ProblemResponses.entity(request, HttpStatus.NOT_FOUND, "route_missing", null,
                "No endpoint " + request.getMethod() + " " + request.getRequestURI());
    }

    @ExceptionHandler({AccessDeniedException.class, AuthorizationDeniedException.class})
    ResponseEntity<Problem> forbidden(RuntimeException e, HttpServletRequest request) {
        ResponseEntity<Problem> problem = ProblemResponses.entity(request, HttpStatus.FORBIDDEN, "insufficient_scope", null,
                "This credential lacks the scope this endpoint requires");
        return ResponseEntity.status(problem.getStatusCode())
                .header(org.springframework.http.HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"billstream\", error=\"insufficient_scope\"")
                .contentType(problem.getHeaders().getContentType())
                .body(problem.getBody());
    }

    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<Problem> integrity(DataIntegrityViolationException e, HttpServletRequest request) {
        log.warn("Constraint violation not mapped to a domain error", e);
        return ProblemResponses.entity(request, HttpStatus.CONFLICT, "conflict", null,
                "The request conflicts with the current state of the resource");
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Problem> unexpected(Exception e, HttpServletRequest request) {
        log.error("Unhandled error serving {} {}", request.getMethod(), request.getRequestURI(), e);
        return ProblemResponses.entity(request, HttpStatus.INTERNAL_SERVER_ERROR, "internal_error", null,
                "Something went wrong on our side; quote the request ID when reporting it");
    }

    private static <T extends Throwable> T causeOfType(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String joinPath(String prefix, String param) {
        if (param == null || param.isEmpty()) {
            return prefix;
        }
        return prefix.isEmpty() ? param : prefix + "." + param;
    }

    private static String expected(JacksonException e) {
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            Class<?> type = mismatch.getTargetType();
            String name = Number.class.isAssignableFrom(type) || type == int.class || type == long.class ? "a number"
                    : type == String.class ? "a string"
                    : type == Boolean.class || type == boolean.class ? "true or false"
                    : java.util.Collection.class.isAssignableFrom(type) ? "an array"
                    : java.util.Map.class.isAssignableFrom(type) || type.isRecord() ? "an object"
                    : "a " + type.getSimpleName();
            return "; expected " + name;
        }
        return "";
    }

    static String snakeCase(String name) {
        if (name == null) {
            return null;
        }
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}

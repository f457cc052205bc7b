package io.billstream.platform.versioning;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The date versions of the API ({@code Billstream-Version}) and the transformers that render a
 * representation, written by the code in the latest shape, in the shape of an older version.
 *
 * <p>The direction is Stripe's: code only ever writes the newest shape, and each version carries the
 * changes it made as downgrades. A caller pinned to version V sees the newest shape with the changes
 * of every version after V undone, newest first. Rendering for the newest version is free.
 */
@Component
public class ApiVersions {

    /** The version new API keys and webhook endpoints are pinned to. */
    public static final String LATEST = "2026-11-01";

    /** The request's effective version, set by {@link ApiVersionFilter} for the length of a request. */
    private static final ThreadLocal<String> REQUEST_VERSION = new ThreadLocal<>();

    /** Oldest first. Only the first version is defined here: it is where the API starts. */
    private final List<ApiVersion> versions = new CopyOnWriteArrayList<>(List.of(new ApiVersion(LATEST, List.of())));

    /** The version of the current request (header, else the caller's pinned version), or {@link #LATEST} outside a request. */
    public String current() {
        return ofThisRequest();
    }

    /** {@link #current()} for code that has no instance at hand (the billing-event log records it on every event). */
    public static String ofThisRequest() {
        String version = REQUEST_VERSION.get();
        return version != null ? version : LATEST;
    }

    public boolean known(String version) {
        return version != null && versions.stream().anyMatch(known -> known.date().equals(version));
    }

    /** The newest version, whose shape the code writes. */
    public String newest() {
        return versions.getLast().date();
    }

    /** Every version, oldest first. */
    public List<String> all() {
        return versions.stream().map(ApiVersion::date).toList();
    }

    /** {@code representation} (latest shape) as a caller pinned to {@code version} sees it. */
    public JsonNode render(JsonNode representation, String version) {
        List<ApiVersion> undo = newerThan(version);
        if (undo.isEmpty() || representation == null) {
            return representation;
        }
        JsonNode copy = representation.deepCopy();
        for (ApiVersion step : undo) {
            downgrade(copy, step);
        }
        return copy;
    }

    /** True when {@code version} needs no transformation: the fast path. */
    boolean isNewest(String version) {
        return newest().equals(version);
    }

    /**
     * Adds a version after the newest. The production registry is built here; this exists for the
     * version tests, which register a later version and remove it again by closing the handle.
     */
    public Registration register(ApiVersion version) {
        if (version.date().compareTo(newest()) <= 0) {
            throw new IllegalArgumentException("Version " + version.date() + " is not after " + newest());
        }
        versions.add(version);
        return () -> versions.remove(version);
    }

    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    static Scope enter(String version) {
        String previous = REQUEST_VERSION.get();
        REQUEST_VERSION.set(version);
        return () -> {
            if (previous == null) {
                REQUEST_VERSION.remove();
            } else {
                REQUEST_VERSION.set(previous);
            }
        };
    }

    interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** The versions after {@code version}, newest first: the changes to undo, in the order to undo them. */
    private List<ApiVersion> newerThan(String version) {
        List<ApiVersion> newer = new ArrayList<>();
        for (ApiVersion candidate : versions) {
            if (candidate.date().compareTo(version) > 0 && !candidate.changes().isEmpty()) {
                newer.add(candidate);
            }
        }
        newer.sort(Comparator.comparing(ApiVersion::date).reversed());
        return newer;
    }

    /** Depth first, children before their parent, so a parent's change sees its children already in the older shape. */
    private static void downgrade(JsonNode node, ApiVersion step) {
        if (node.isArray()) {
            for (JsonNode element : node) {
                downgrade(element, step);
            }
            return;
        }
        if (!(node instanceof ObjectNode object)) {
            return;
        }
        for (JsonNode child : List.copyOf(object.values())) {
            downgrade(child, step);
        }
        JsonNode type = object.get("object");
        if (type != null && type.isString()) {
            for (VersionChange change : step.changes()) {
                if (change.objectTypes().contains(type.asString())) {
                    change.downgrade(object);
                }
            }
        }
    }
}

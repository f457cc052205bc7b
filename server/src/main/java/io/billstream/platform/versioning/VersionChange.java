package io.billstream.platform.versioning;

import java.util.Set;

import tools.jackson.databind.node.ObjectNode;

/**
 * One backwards-incompatible change a version made, described by how to undo it: {@link #downgrade}
 * rewrites an object of one of {@link #objectTypes()} from the shape of the version that made the
 * change into the shape of the version before it.
 */
public interface VersionChange {

    /** What changed, for the changelog (e.g. "customer: email renamed from contact_email"). */
    String description();

    /** The {@code object} values of the representations this change touches. */
    Set<String> objectTypes();

    /** Rewrites {@code object} in place, from the newer shape to the older one. */
    void downgrade(ObjectNode object);
}

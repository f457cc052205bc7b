package io.billstream.platform.versioning;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * A date version of the API and the changes it made relative to the version before it.
 *
 * @param date    {@code YYYY-MM-DD}, the value of {@code Billstream-Version}
 * @param changes what to undo to render this version's shape as the previous version's
 */
public record ApiVersion(String date, List<VersionChange> changes) {

    public ApiVersion {
        try {
            LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("An API version is a date (YYYY-MM-DD), not '" + date + "'", e);
        }
        changes = List.copyOf(changes);
    }
}

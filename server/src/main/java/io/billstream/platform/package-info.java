/**
 * The platform every business module stands on: tenancy, authentication, API conventions (errors,
 * pagination, idempotency, request IDs), the audit log, IDs and the database. An open module: other
 * modules use its subpackages directly.
 */
@ApplicationModule(type = ApplicationModule.Type.OPEN)
package io.billstream.platform;

import org.springframework.modulith.ApplicationModule;

/** The catalog's model, read by the modules that subscribe customers to plans and bill them. */
@NamedInterface("model")
package io.billstream.catalog.domain;

import org.springframework.modulith.NamedInterface;

package io.billstream.platform.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param maxRequestBodySize request bodies larger than this are refused with 413
 */
@ConfigurationProperties("billstream.api")
public record ApiProperties(@DefaultValue("1MB") DataSize maxRequestBodySize) {
}

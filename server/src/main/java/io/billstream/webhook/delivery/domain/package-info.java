/** Webhook delivery rules without frameworks: which events an endpoint takes, the retry schedule, the signature. */
package io.billstream.webhook.delivery.domain;

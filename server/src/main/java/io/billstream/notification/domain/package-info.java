/** Notification rules without frameworks: statuses and the retry schedule. */
package io.billstream.notification.domain;

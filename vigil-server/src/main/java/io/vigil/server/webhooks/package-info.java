/** Webhooks on registry events: registration, signed asynchronous delivery with retries, the delivery log. */
package io.vigil.server.webhooks;

/** Storage interfaces and the records they exchange; implementations live in {@code jdbc}. */
package io.vigil.server.store;

/** The audit log of state-changing requests: recorded off the request path, written in batches. */
package io.vigil.server.audit;

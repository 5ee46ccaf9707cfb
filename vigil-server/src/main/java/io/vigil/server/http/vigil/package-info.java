/** Vigil's own REST API under /api/vigil, for what MLflow has no counterpart: evaluation, downsampled series, experiment stats. */
package io.vigil.server.http.vigil;

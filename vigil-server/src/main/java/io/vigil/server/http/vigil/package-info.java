/** Vigil's own HTTP API under /api/vigil: endpoints MLflow has no counterpart for, such as downsampled series. */
package io.vigil.server.http.vigil;

/** Vigil's own REST API, under /api/vigil: evaluation (and later monitoring and alerts). */
package io.vigil.server.http.vigil;

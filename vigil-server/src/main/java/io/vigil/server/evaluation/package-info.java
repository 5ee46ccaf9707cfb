/** Input conventions shared by {@code vigil evaluate} and {@code POST /api/vigil/evaluate}. */
package io.vigil.server.evaluation;

/** The standard metric set per task, under Vigil's metric names; used by the CLI, the REST API and monitoring. */
package io.vigil.metrics.evaluation;

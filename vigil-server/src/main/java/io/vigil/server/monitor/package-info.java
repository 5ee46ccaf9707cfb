/**
 * Production monitoring: monitor definitions, prediction and outcome ingestion, windowed metrics
 * from the library's mergeable accumulators, drift per window against a reference, alert rules and
 * webhook notifications. Time comes from an injected clock; {@link io.vigil.server.monitor.MonitorService#tick()}
 * does the periodic work (a scheduler calls it in production, tests call it directly).
 */
package io.vigil.server.monitor;

/** Metric series as stored: blocks of points in (step, timestamp, value) order and their versioned binary codec. */
package io.vigil.series;

/** Tumbling time windows aligned to the epoch, each holding a mergeable accumulator. */
package io.vigil.metrics.window;

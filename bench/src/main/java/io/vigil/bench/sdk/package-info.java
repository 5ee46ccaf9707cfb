/** JMH benchmarks of the Java SDK: the caller's cost of logMetric and end-to-end throughput. */
package io.vigil.bench.sdk;

/** The traffic the console charts: where it is read ({@link io.millrace.console.metrics.ThroughputSource}) and the last hour of it. */
package io.millrace.console.metrics;

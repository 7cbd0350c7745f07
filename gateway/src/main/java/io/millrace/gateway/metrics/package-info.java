/**
 * The gateway's {@code GET /metrics} in the Prometheus text format: the writer every service's series go through
 * ({@link io.millrace.gateway.metrics.PrometheusText}), the request latency histogram, and the process and JVM
 * series. Depends on nothing else of the gateway.
 */
package io.millrace.gateway.metrics;

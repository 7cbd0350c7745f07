/**
 * The platform's own CloudWatch metrics on their way to the CloudWatch API's datapoint topic: the sample
 * ({@link io.millrace.metrics.MetricSample}, a StatisticValues set), where publishers send them
 * ({@link io.millrace.metrics.MetricSink}), the minute-aligned schedule they publish on, and the topic's record
 * format with a writer for processes without the CloudWatch API. Depends on nothing else of Millrace, so the Firehose
 * sink's Connect plugin can carry it without the gateway.
 */
package io.millrace.metrics;

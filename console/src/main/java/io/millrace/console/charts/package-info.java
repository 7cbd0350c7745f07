/**
 * What a stream page's charts show and where it comes from: the CloudWatch API's {@code AWS/Kinesis} aggregates of
 * every gateway ({@link io.millrace.console.charts.CloudWatchCharts}) where this gateway hosts that API, this
 * gateway's own counters ({@link io.millrace.console.charts.CounterCharts}) where it does not.
 */
package io.millrace.console.charts;

package io.millrace.launcher.up;

import java.util.Optional;
import org.apache.flink.configuration.Configuration;

/**
 * What the application API needs from {@code millrace up}: a Flink cluster, embedded (a mini-cluster on a port
 * chosen before anything starts) or external (its REST URL), and the API's options pointing at it.
 *
 * @param port    REST port of the embedded mini-cluster, or empty when {@code restUrl} is external
 * @param restUrl the JobManager REST URL applications run on
 * @param options {@code millrace.analytics.*} and {@code millrace.s3.*} options of {@code AnalyticsConfig}
 */
public record FlinkPlan(Optional<Integer> port, String restUrl, Configuration options) {}

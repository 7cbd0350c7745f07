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
 * @param off     no cluster at all (an in-process platform of a test that runs no application): the application
 *                API answers, but applications cannot run
 */
public record FlinkPlan(Optional<Integer> port, String restUrl, Configuration options, boolean off) {

    /** This plan without a cluster: nothing starts or is probed, which saves a test the mini-cluster's start. */
    FlinkPlan withoutCluster() {
        return new FlinkPlan(Optional.empty(), restUrl, options, true);
    }
}

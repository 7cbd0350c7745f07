package io.millrace.analytics.application;

import io.millrace.gateway.protocol.ActionRegistry;

/**
 * The application API of Managed Service for Apache Flink ({@code KinesisAnalytics_20180523}, JSON 1.1, signing
 * name {@code kinesisanalytics}) on the gateway, so {@code aws kinesisanalyticsv2} and the SDKs' clients work.
 */
final class AnalyticsApi {

    static final String TARGET_PREFIX = "KinesisAnalytics_20180523";

    private AnalyticsApi() {}

    static ActionRegistry actions(
            ApplicationActions applications,
            UpdateActions updates,
            SnapshotActions snapshots,
            TagActions tags,
            OperationActions operations) {
        // Reads answer from this gateway's view of the store; what waits on Flink or on code hands itself to the
        // request threads of ApplicationActions and UpdateActions, so every action starts on the I/O thread.
        return ActionRegistry.forService(TARGET_PREFIX, "kinesisanalytics")
                .access(new AnalyticsAccess())
                .startOnIoThread("CreateApplication", applications::create)
                .onIoThread("DescribeApplication", applications::describe)
                .onIoThread("ListApplications", applications::list)
                .startOnIoThread("DeleteApplication", applications::delete)
                .startOnIoThread("StartApplication", applications::start)
                .startOnIoThread("StopApplication", applications::stop)
                .startOnIoThread("UpdateApplication", updates::update)
                .startOnIoThread("CreateApplicationSnapshot", snapshots::create)
                .onIoThread("ListApplicationSnapshots", snapshots::list)
                .onIoThread("DescribeApplicationSnapshot", snapshots::describe)
                .startOnIoThread("DeleteApplicationSnapshot", snapshots::delete)
                .startOnIoThread("TagResource", tags::tag)
                .startOnIoThread("UntagResource", tags::untag)
                .onIoThread("ListTagsForResource", tags::list)
                .onIoThread("ListApplicationOperations", operations::list)
                .onIoThread("DescribeApplicationOperation", operations::describe)
                .build();
    }
}

package io.millrace.analytics.application;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.gateway.protocol.ApiException;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.AwsService;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The application API of Managed Service for Apache Flink ({@code KinesisAnalytics_20180523}, JSON 1.1, signing
 * name {@code kinesisanalytics}) on the gateway, so {@code aws kinesisanalyticsv2} and the SDKs' clients work.
 */
final class AnalyticsApi implements AwsService {

  static final String TARGET_PREFIX = "KinesisAnalytics_20180523";

  private final ApplicationActions applications;
  private final UpdateActions updates;
  private final SnapshotActions snapshots;
  private final TagActions tags;

  AnalyticsApi(ApplicationActions applications, UpdateActions updates, SnapshotActions snapshots,
      TagActions tags) {
    this.applications = applications;
    this.updates = updates;
    this.snapshots = snapshots;
    this.tags = tags;
  }

  @Override
  public String targetPrefix() {
    return TARGET_PREFIX;
  }

  @Override
  public CompletionStage<JsonNode> handle(AwsRequest request) {
    try {
      return switch (request.action()) {
        case "CreateApplication" -> applications.create(request);
        case "DescribeApplication" -> CompletableFuture.completedFuture(applications.describe(request));
        case "ListApplications" -> CompletableFuture.completedFuture(applications.list(request));
        case "DeleteApplication" -> applications.delete(request);
        case "StartApplication" -> applications.start(request);
        case "StopApplication" -> applications.stop(request);
        case "UpdateApplication" -> updates.update(request);
        case "CreateApplicationSnapshot" -> snapshots.create(request);
        case "ListApplicationSnapshots" -> CompletableFuture.completedFuture(snapshots.list(request));
        case "DescribeApplicationSnapshot" -> CompletableFuture.completedFuture(snapshots.describe(request));
        case "DeleteApplicationSnapshot" -> snapshots.delete(request);
        case "TagResource" -> tags.tag(request);
        case "UntagResource" -> tags.untag(request);
        case "ListTagsForResource" -> CompletableFuture.completedFuture(tags.list(request));
        default -> throw ApiException.unknownOperation("Unknown operation " + TARGET_PREFIX + "."
            + request.action() + ".");
      };
    } catch (ApiException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}

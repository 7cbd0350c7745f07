package io.millrace.firehose.processing;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A data transformation function run in the Connect worker, for {@code LambdaArn} values {@code java:<class name>}:
 * the class, on the plugin path next to this connector, implements this interface and has a public no-argument
 * constructor. It receives Firehose's Lambda invocation event ({@code invocationId}, {@code deliveryStreamArn},
 * {@code region}, {@code records[]} with {@code recordId}, {@code approximateArrivalTimestamp}, base64 {@code data})
 * and returns the Lambda response ({@code records[]} with {@code recordId}, {@code result} Ok, Dropped or
 * ProcessingFailed, base64 {@code data}, optional {@code metadata.partitionKeys}), exactly as a Lambda function would.
 *
 * <p>An exception counts as a failed invocation ({@code Lambda.FunctionError}) and is retried NumberOfRetries
 * times. One instance serves a task; calls come from one thread at a time.
 */
public interface TransformFunction {
    ObjectNode transform(ObjectNode event) throws Exception;
}

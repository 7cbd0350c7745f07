package io.millrace.firehose.api;

import io.millrace.firehose.errors.FirehoseErrors;
import io.millrace.gateway.protocol.ApiException;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.Validation;
import io.millrace.schemas.firehose.DeliveryStreamMetadata;
import java.util.regex.Pattern;

/** Names, ARNs and lookups of delivery streams, with AWS's constraints and error wording. */
final class DeliveryStreams {

    /** DeliveryStreamName: 1 to 64 characters of [a-zA-Z0-9_.-] (botocore model firehose/2015-08-04). */
    static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_.-]+");

    private DeliveryStreams() {}

    static Validation checkName(Validation validation, String path, String name) {
        return validation.required(path, name).length(path, name, 1, 64).pattern(path, name, NAME);
    }

    static String arn(AwsRequest request, String name) {
        return "arn:aws:firehose:" + request.region() + ":" + request.accountId() + ":deliverystream/" + name;
    }

    static DeliveryStreamMetadata require(DeliveryStreamStore store, AwsRequest request, String name) {
        return store.stream(name).orElseThrow(() -> notFound(request, name));
    }

    static ApiException notFound(AwsRequest request, String name) {
        return FirehoseErrors.resourceNotFound(
                "Firehose " + name + " under account " + request.accountId() + " not found.");
    }
}

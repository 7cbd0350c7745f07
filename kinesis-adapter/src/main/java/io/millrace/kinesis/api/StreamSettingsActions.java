package io.millrace.kinesis.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.gateway.protocol.ApiException;
import io.millrace.gateway.protocol.AwsRequest;
import io.millrace.gateway.protocol.Fields;
import io.millrace.gateway.protocol.Validation;
import io.millrace.gateway.protocol.WireCodec;
import io.millrace.kinesis.errors.KinesisErrors;
import io.millrace.kinesis.metadata.StreamUpdater;
import io.millrace.schemas.kinesis.StreamMode;
import io.millrace.schemas.kinesis.StreamStatus;
import java.util.List;
import java.util.Set;

/**
 * UpdateStreamMode and UpdateMaxRecordSize: one compare-and-set each, effective on every gateway at once (the put
 * path reads the mode and the record size limit from the metadata of each request). No data moves, so the stream
 * stays ACTIVE.
 */
final class StreamSettingsActions {

    private static final Set<String> MODES = Set.of("PROVISIONED", "ON_DEMAND");
    /**
     * Capacity mode switches per stream per rolling 24 hours (Kinesis Developer Guide, "Choose the data stream
     * capacity mode": a stream's mode can be switched twice within 24 hours); more is a LimitExceededException.
     */
    static final int MODE_SWITCHES_PER_DAY = 2;

    private final KinesisBackend backend;
    private final AccountQuotas quotas;
    private final StreamLookup lookup;
    private final StreamUpdater updater;

    StreamSettingsActions(KinesisBackend backend, StreamLookup lookup, StreamUpdater updater) {
        this.backend = backend;
        this.quotas = new AccountQuotas(backend);
        this.lookup = lookup;
        this.updater = updater;
    }

    JsonNode updateStreamMode(AwsRequest request) throws InterruptedException {
        JsonNode body = request.body();
        JsonNode details = Fields.object(body, "StreamModeDetails");
        String mode = details == null ? null : Fields.text(details, "StreamMode");
        Validation validation = new Validation()
                .required("streamARN", Fields.text(body, "StreamARN"))
                .required("streamModeDetails", details);
        String name = StreamLookup.streamName(body, validation, false);
        if (details != null) {
            validation
                    .required("streamModeDetails.streamMode", mode)
                    .oneOf("streamModeDetails.streamMode", mode, MODES);
        }
        Integer warmThroughput = Fields.integer(body, "WarmThroughputMiBps");
        validation.range("warmThroughputMiBps", warmThroughput, 0, Integer.MAX_VALUE);
        validation.throwIfInvalid();
        StreamMode target = StreamMode.valueOf(mode);
        if (warmThroughput != null) {
            throw warmThroughputRefused(target);
        }
        lookup.syncQuietly();
        lookup.require(name);
        long now = backend.now();
        updater.update(
                name,
                next -> {
                    requireActive(name, next.getStatus(), backend.accountId());
                    if (next.getMode() == target) {
                        return;
                    }
                    List<Long> recent = RollingDay.within(next.getStreamModeUpdatesMillis(), now);
                    if (recent.size() >= MODE_SWITCHES_PER_DAY) {
                        throw KinesisErrors.limitExceeded("The capacity mode of stream " + name + " under account "
                                + backend.accountId() + " was already switched " + recent.size()
                                + " times in the last 24 hours; the limit is " + MODE_SWITCHES_PER_DAY + ".");
                    }
                    if (target == StreamMode.ON_DEMAND) {
                        quotas.checkOneMoreOnDemandStream();
                    }
                    next.setMode(target).setStreamModeUpdatesMillis(RollingDay.plus(recent, now));
                },
                lookup::notFound);
        return WireCodec.object();
    }

    JsonNode updateMaxRecordSize(AwsRequest request) throws InterruptedException {
        JsonNode body = request.body();
        Integer kib = Fields.integer(body, "MaxRecordSizeInKiB");
        Validation validation = new Validation();
        String name = StreamLookup.streamName(body, validation, true);
        // MaxRecordSizeInKiB: 1,024 to 10,240 KiB (1 to 10 MiB), API reference.
        validation
                .required("maxRecordSizeInKiB", kib)
                .range("maxRecordSizeInKiB", kib, 1024, 10240)
                .throwIfInvalid();
        lookup.syncQuietly();
        lookup.require(name);
        updater.update(
                name,
                next -> {
                    requireActive(name, next.getStatus(), backend.accountId());
                    next.setMaxRecordSizeKiB(kib);
                },
                lookup::notFound);
        return WireCodec.object();
    }

    /**
     * WarmThroughputMiBps needs the account's MinimumThroughputBillingCommitment (UpdateAccountSettings), which this
     * endpoint does not offer, and applies only to a switch to ON_DEMAND (API reference): refused, never ignored.
     */
    static ApiException warmThroughputRefused(StreamMode target) {
        if (target != StreamMode.ON_DEMAND) {
            return KinesisErrors.invalidArgument(
                    "WarmThroughputMiBps is only valid when the stream mode is being" + " updated to ON_DEMAND.");
        }
        return KinesisErrors.invalidArgument("WarmThroughputMiBps can only be specified for accounts that have"
                + " MinimumThroughputBillingCommitment enabled; warm throughput is not supported by this endpoint.");
    }

    /** The settings of a stream change only while it is ACTIVE (AWS: ResourceInUseException otherwise). */
    static void requireActive(String name, StreamStatus status, String accountId) {
        if (status != StreamStatus.ACTIVE) {
            throw KinesisErrors.resourceInUse(
                    "Stream " + name + " under account " + accountId + " not ACTIVE, instead in state " + status);
        }
    }
}

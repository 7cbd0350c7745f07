package io.millrace.schemas;

import io.millrace.schemas.analytics.ApplicationMetadata;
import io.millrace.schemas.cloudtrail.CloudTrailEvent;
import io.millrace.schemas.cloudtrail.TrailRecord;
import io.millrace.schemas.cloudtrail.TrailStatusRecord;
import io.millrace.schemas.console.ConsoleSessionRecord;
import io.millrace.schemas.dynamodb.ItemRecord;
import io.millrace.schemas.dynamodb.TableMetadata;
import io.millrace.schemas.firehose.DeliveryStreamMetadata;
import io.millrace.schemas.iam.ManagedPolicyRecord;
import io.millrace.schemas.iam.RoleRecord;
import io.millrace.schemas.iam.UserRecord;
import io.millrace.schemas.kinesis.ClusterSecret;
import io.millrace.schemas.kinesis.ShardUsageReport;
import io.millrace.schemas.kinesis.StreamMetadata;
import io.millrace.schemas.kms.KmsAliasRecord;
import io.millrace.schemas.kms.KmsKeyRecord;
import io.millrace.schemas.lambda.EventSourceMappingRecord;
import io.millrace.schemas.lambda.FunctionRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;

/**
 * Decoders for the metadata records the platform keeps in compacted topics. Each record names its writer schema by
 * fingerprint (Avro single-object encoding), and each decoder knows every earlier version of its schema, kept here
 * under {@code history/}: a record an older release wrote stays readable after an upgrade, wherever it is read
 * (gateways, the Connect sink, Flink jobs), with the fields added since taking their defaults. A schema change that
 * alters the binary form must add the previous schema to the history list.
 */
public final class MetadataDecoders {

    private static final BinaryMessageDecoder<StreamMetadata> STREAM = withHistory(
            StreamMetadata.createDecoder(null),
            StreamMetadata.class,
            List.of("history/StreamMetadata-1.avsc", "history/StreamMetadata-2.avsc"));
    private static final BinaryMessageDecoder<DeliveryStreamMetadata> DELIVERY_STREAM = withHistory(
            DeliveryStreamMetadata.createDecoder(null),
            DeliveryStreamMetadata.class,
            List.of("history/DeliveryStreamMetadata-1.avsc"));
    private static final BinaryMessageDecoder<ClusterSecret> SECRET =
            withHistory(ClusterSecret.createDecoder(null), ClusterSecret.class, List.of());
    private static final BinaryMessageDecoder<ApplicationMetadata> APPLICATION = withHistory(
            ApplicationMetadata.createDecoder(null),
            ApplicationMetadata.class,
            List.of("history/ApplicationMetadata-1.avsc"));
    private static final BinaryMessageDecoder<TableMetadata> TABLE =
            withHistory(TableMetadata.createDecoder(null), TableMetadata.class, List.of());
    private static final BinaryMessageDecoder<ItemRecord> ITEM =
            withHistory(ItemRecord.createDecoder(null), ItemRecord.class, List.of());
    private static final BinaryMessageDecoder<UserRecord> IAM_USER =
            withHistory(UserRecord.createDecoder(null), UserRecord.class, List.of());
    private static final BinaryMessageDecoder<RoleRecord> IAM_ROLE =
            withHistory(RoleRecord.createDecoder(null), RoleRecord.class, List.of());
    private static final BinaryMessageDecoder<ManagedPolicyRecord> IAM_POLICY =
            withHistory(ManagedPolicyRecord.createDecoder(null), ManagedPolicyRecord.class, List.of());
    private static final BinaryMessageDecoder<KmsKeyRecord> KMS_KEY =
            withHistory(KmsKeyRecord.createDecoder(null), KmsKeyRecord.class, List.of());
    private static final BinaryMessageDecoder<KmsAliasRecord> KMS_ALIAS =
            withHistory(KmsAliasRecord.createDecoder(null), KmsAliasRecord.class, List.of());

    private static final BinaryMessageDecoder<ShardUsageReport> SHARD_USAGE = withHistory(
            ShardUsageReport.createDecoder(null), ShardUsageReport.class, List.of("history/ShardUsageReport-1.avsc"));
    private static final BinaryMessageDecoder<ConsoleSessionRecord> CONSOLE_SESSION =
            withHistory(ConsoleSessionRecord.createDecoder(null), ConsoleSessionRecord.class, List.of());

    private static final BinaryMessageDecoder<TrailRecord> TRAIL =
            withHistory(TrailRecord.createDecoder(null), TrailRecord.class, List.of());
    private static final BinaryMessageDecoder<TrailStatusRecord> TRAIL_STATUS =
            withHistory(TrailStatusRecord.createDecoder(null), TrailStatusRecord.class, List.of());

    private static final BinaryMessageDecoder<CloudTrailEvent> CLOUDTRAIL_EVENT =
            withHistory(CloudTrailEvent.createDecoder(null), CloudTrailEvent.class, List.of());

    private static final BinaryMessageDecoder<FunctionRecord> LAMBDA_FUNCTION =
            withHistory(FunctionRecord.createDecoder(null), FunctionRecord.class, List.of());
    private static final BinaryMessageDecoder<EventSourceMappingRecord> LAMBDA_MAPPING =
            withHistory(EventSourceMappingRecord.createDecoder(null), EventSourceMappingRecord.class, List.of());

    private MetadataDecoders() {}

    /** A Lambda function, written by this release or an earlier one. */
    public static FunctionRecord lambdaFunction(ByteBuffer value) throws IOException {
        return LAMBDA_FUNCTION.decode(value);
    }

    /** A Lambda event source mapping, written by this release or an earlier one. */
    public static EventSourceMappingRecord lambdaMapping(ByteBuffer value) throws IOException {
        return LAMBDA_MAPPING.decode(value);
    }

    /** An audit event of the audit topic, written by this release or an earlier one. */
    public static CloudTrailEvent cloudTrailEvent(ByteBuffer value) throws IOException {
        return CLOUDTRAIL_EVENT.decode(value);
    }

    /** A Kinesis stream's metadata record, written by this release or an earlier one. */
    public static StreamMetadata stream(ByteBuffer value) throws IOException {
        return STREAM.decode(value);
    }

    /** A Firehose delivery stream's metadata record, written by this release or an earlier one. */
    public static DeliveryStreamMetadata deliveryStream(ByteBuffer value) throws IOException {
        return DELIVERY_STREAM.decode(value);
    }

    /** A Kinesis cluster secret record. */
    public static ClusterSecret secret(ByteBuffer value) throws IOException {
        return SECRET.decode(value);
    }

    /** A kinesisanalyticsv2 application's metadata record, written by this release or an earlier one. */
    public static ApplicationMetadata application(ByteBuffer value) throws IOException {
        return APPLICATION.decode(value);
    }

    /** A DynamoDB table's metadata record, written by this release or an earlier one. */
    public static TableMetadata table(ByteBuffer value) throws IOException {
        return TABLE.decode(value);
    }

    /** A DynamoDB item record, written by this release or an earlier one. */
    public static ItemRecord item(ByteBuffer value) throws IOException {
        return ITEM.decode(value);
    }

    /** An IAM user record, written by this release or an earlier one. */
    public static UserRecord iamUser(ByteBuffer value) throws IOException {
        return IAM_USER.decode(value);
    }

    /** An IAM role record, written by this release or an earlier one. */
    public static RoleRecord iamRole(ByteBuffer value) throws IOException {
        return IAM_ROLE.decode(value);
    }

    /** An IAM managed policy record, written by this release or an earlier one. */
    public static ManagedPolicyRecord iamPolicy(ByteBuffer value) throws IOException {
        return IAM_POLICY.decode(value);
    }

    /** A KMS key record, written by this release or an earlier one. */
    public static KmsKeyRecord kmsKey(ByteBuffer value) throws IOException {
        return KMS_KEY.decode(value);
    }

    /** A KMS alias record, written by this release or an earlier one. */
    public static KmsAliasRecord kmsAlias(ByteBuffer value) throws IOException {
        return KMS_ALIAS.decode(value);
    }

    /** A CloudTrail trail, written by this release or an earlier one. */
    public static TrailRecord trail(ByteBuffer value) throws IOException {
        return TRAIL.decode(value);
    }

    /** A trail's delivery status, written by this release or an earlier one. */
    public static TrailStatusRecord trailStatus(ByteBuffer value) throws IOException {
        return TRAIL_STATUS.decode(value);
    }

    /** A gateway's report of its shard usage, written by this release or an earlier one. */
    public static ShardUsageReport shardUsage(ByteBuffer value) throws IOException {
        return SHARD_USAGE.decode(value);
    }

    /** A console session record, written by this release or an earlier one. */
    public static ConsoleSessionRecord consoleSession(ByteBuffer value) throws IOException {
        return CONSOLE_SESSION.decode(value);
    }

    private static <T> BinaryMessageDecoder<T> withHistory(
            BinaryMessageDecoder<T> decoder, Class<T> type, List<String> history) {
        for (String resource : history) {
            try (InputStream in = type.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("missing schema " + resource + " next to " + type.getName());
                }
                decoder.addSchema(new Schema.Parser().parse(in));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return decoder;
    }
}

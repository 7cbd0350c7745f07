package io.millrace.analytics.table;

import static io.millrace.analytics.table.MillraceOptions.SESSION_SSE_KMS_ACCESS_KEY_ID;
import static io.millrace.analytics.table.MillraceOptions.SESSION_SSE_KMS_ENDPOINT;
import static io.millrace.analytics.table.MillraceOptions.SESSION_SSE_KMS_REGION;
import static io.millrace.analytics.table.MillraceOptions.SESSION_SSE_KMS_SECRET_ACCESS_KEY;
import static io.millrace.analytics.table.MillraceOptions.SSE_KMS_ACCESS_KEY_ID;
import static io.millrace.analytics.table.MillraceOptions.SSE_KMS_ENDPOINT;
import static io.millrace.analytics.table.MillraceOptions.SSE_KMS_REGION;
import static io.millrace.analytics.table.MillraceOptions.SSE_KMS_SECRET_ACCESS_KEY;

import io.millrace.analytics.access.RoleAccess;
import io.millrace.kinesis.crypto.KinesisCryptoConfig;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;

/**
 * How a source opens and a sink seals the records of encrypted streams: a table's {@code sse.kms.*} options (or a
 * job's {@code millrace.sse.kms.*} session defaults) as kinesis-crypto's keys.
 */
public final class KmsSettings {

    private KmsSettings() {}

    /**
     * The {@code sse.*} options as kinesis-crypto's keys, or none without an endpoint. Each falls back to its session
     * default ({@code millrace.sse.kms.*}); the credentials go as a pair, so a table naming its own access key id
     * never signs with the session's secret, and a job running as a role signs with the role's, not the session's.
     */
    public static Map<String, String> of(ReadableConfig options, ReadableConfig session) {
        Map<String, String> keys = new TreeMap<>();
        options.getOptional(SSE_KMS_ENDPOINT)
                .or(() -> session.getOptional(SESSION_SSE_KMS_ENDPOINT))
                .ifPresent(endpoint -> {
                    keys.put(KinesisCryptoConfig.KMS_ENDPOINT, endpoint);
                    keys.put(
                            KinesisCryptoConfig.KMS_REGION,
                            options.getOptional(SSE_KMS_REGION)
                                    .or(() -> session.getOptional(SESSION_SSE_KMS_REGION))
                                    .orElse(SSE_KMS_REGION.defaultValue()));
                    boolean ownCredentials =
                            options.getOptional(SSE_KMS_ACCESS_KEY_ID).isPresent();
                    if (!ownCredentials && RoleAccess.from(session).isPresent()) {
                        // A job running as a role uses KMS as the role, not with the session's (platform's) key.
                        return;
                    }
                    (ownCredentials
                                    ? options.getOptional(SSE_KMS_ACCESS_KEY_ID)
                                    : session.getOptional(SESSION_SSE_KMS_ACCESS_KEY_ID))
                            .ifPresent(id -> keys.put(KinesisCryptoConfig.KMS_ACCESS_KEY_ID, id));
                    (ownCredentials
                                    ? options.getOptional(SSE_KMS_SECRET_ACCESS_KEY)
                                    : session.getOptional(SESSION_SSE_KMS_SECRET_ACCESS_KEY))
                            .ifPresent(secret -> keys.put(KinesisCryptoConfig.KMS_SECRET_ACCESS_KEY, secret));
                });
        return keys;
    }

    /** A job's session defaults alone: for DataStream sinks, built in the environment Millrace configured. */
    public static Map<String, String> ofSession(ReadableConfig session) {
        return of(new Configuration(), session);
    }
}

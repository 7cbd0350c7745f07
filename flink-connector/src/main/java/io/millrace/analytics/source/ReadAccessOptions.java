package io.millrace.analytics.source;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * The job configuration keys of read authorization ({@link ReadAccess}): the credentials of the role a job runs as,
 * and where to ask. Millrace's application service sets them in signed mode, in the Flink configuration of every
 * application's job (SQL session options, or the configuration a jar's {@code main} builds its job with). Without
 * an access key id, sources read as they always did: a user's own Flink cluster needs none of them.
 */
public final class ReadAccessOptions {

    private ReadAccessOptions() {}

    public static final ConfigOption<String> ENDPOINT = ConfigOptions.key("millrace.access.endpoint")
            .stringType()
            .noDefaultValue()
            .withDescription("URL of the gateway's Kinesis API as the job reaches it, where each source authorizes"
                    + " its reads of a stream before and while it reads it.");

    public static final ConfigOption<String> REGION = ConfigOptions.key("millrace.access.region")
            .stringType()
            .defaultValue("us-east-1")
            .withDescription("Region the authorization calls are signed for (the streams' region).");

    public static final ConfigOption<String> ACCESS_KEY_ID = ConfigOptions.key("millrace.access.access-key-id")
            .stringType()
            .noDefaultValue()
            .withDescription("Access key id of the job's role session; unset: no authorization calls, reads as"
                    + " without Millrace's application service.");

    public static final ConfigOption<String> SECRET_ACCESS_KEY = ConfigOptions.key("millrace.access.secret-access-key")
            .stringType()
            .noDefaultValue()
            .withDescription("Secret access key that goes with millrace.access.access-key-id.");

    public static final ConfigOption<String> SESSION_TOKEN = ConfigOptions.key("millrace.access.session-token")
            .stringType()
            .noDefaultValue()
            .withDescription("Session token of temporary credentials (X-Amz-Security-Token), when the key is one.");

    /** 30 s: a policy change stops a running job's reads within a minute, at one call per stream and minute. */
    public static final ConfigOption<Duration> RECHECK_INTERVAL = ConfigOptions.key("millrace.access.recheck-interval")
            .durationType()
            .defaultValue(Duration.ofSeconds(30))
            .withDescription("How often a running source authorizes its reads again, so that a policy change stops"
                    + " them (the job fails with AccessDeniedException and restarts per its restart strategy).");
}

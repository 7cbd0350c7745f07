package io.millrace.analytics.access;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * The job configuration keys of read and write authorization ({@link RoleAccess}): the credentials of the role a job
 * runs as, how they are renewed, and where to ask. Millrace's application service sets them in signed mode, in the Flink configuration of every
 * application's job (SQL session options, or the configuration a jar's {@code main} builds its job with). Without
 * an access key id, sources read as they always did: a user's own Flink cluster needs none of them.
 */
public final class RoleAccessOptions {

    private RoleAccessOptions() {}

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

    public static final ConfigOption<String> EXPIRATION = ConfigOptions.key("millrace.access.expiration")
            .stringType()
            .noDefaultValue()
            .withDescription("When the credentials above expire (ISO-8601, as STS's Expiration); with a credentials"
                    + " grant they are renewed before then.");

    public static final ConfigOption<String> CREDENTIALS_GRANT = ConfigOptions.key("millrace.access.credentials-grant")
            .stringType()
            .noDefaultValue()
            .withDescription("Grant with which the job has the service assume its role again at the gateway's"
                    + " credentials endpoint (GET /millrace/credentials on millrace.access.endpoint), as AWS's SDK"
                    + " providers renew role credentials before they expire; unset: the credentials are not renewed.");

    /** 30 s: a policy change stops a running job's reads within a minute, at one call per stream and minute. */
    public static final ConfigOption<Duration> RECHECK_INTERVAL = ConfigOptions.key("millrace.access.recheck-interval")
            .durationType()
            .defaultValue(Duration.ofSeconds(30))
            .withDescription("How often a running source or sink authorizes its reads or writes again, so that a"
                    + " policy change stops them (the job fails with AccessDeniedException and restarts per its"
                    + " restart strategy).");
}

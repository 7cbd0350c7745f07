package io.millrace.launcher.up;

import io.millrace.firehose.api.FirehoseConfig;
import io.millrace.gateway.config.S3Settings;
import io.millrace.launcher.s3.S3Credentials;
import java.util.Optional;

/**
 * What Firehose needs from {@code millrace up}: an S3 store and a Connect worker, each embedded (on a port chosen
 * before anything starts) or external (a URL), and the API's configuration pointing at them.
 *
 * @param s3Port      port of the embedded S3 store, or empty when {@code s3Endpoint} is external
 * @param s3Endpoint  the S3 endpoint connectors write to
 * @param connectPort REST port of the embedded Connect worker, or empty when {@code connectUrl} is external
 * @param connectUrl  the Connect REST URL delivery streams are created through
 * @param s3Identity  the only credentials the embedded S3 store accepts, when exposed; empty: it checks none
 */
public record FirehosePlan(
        Optional<Integer> s3Port,
        String s3Endpoint,
        Optional<Integer> connectPort,
        String connectUrl,
        FirehoseConfig config,
        Optional<S3Credentials> s3Identity) {

    /**
     * An external store named without S3 keys: the connectors get none and sign with the AWS SDK's default
     * credential chain in the Connect worker's own environment, which, when it finds nothing, fails every upload,
     * so delivery writes no object. That can be meant (an instance role, AWS_* variables of the worker), so it is
     * said at start rather than refused. Empty with the embedded store (the launcher sets its keys) or with keys.
     */
    public Optional<String> missingS3Keys() {
        if (s3Port.isPresent() || !S3Settings.read(config).accessKeyId().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("S3 endpoint " + s3Endpoint + " without " + S3Settings.ACCESS_KEY_ID + " and "
                + S3Settings.SECRET_ACCESS_KEY + ": delivery streams' connectors sign with the AWS SDK's default"
                + " credential chain of the Connect worker (" + connectWorker() + "): AWS_ACCESS_KEY_ID and"
                + " AWS_SECRET_ACCESS_KEY, AWS_PROFILE, ~/.aws/credentials or an instance role; where it finds none,"
                + " delivery writes nothing. Give the store's keys in a --config file");
    }

    private String connectWorker() {
        return connectPort.isPresent() ? "embedded: this process's environment" : connectUrl;
    }
}

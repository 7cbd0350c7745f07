package io.millrace.launcher.up;

import io.millrace.firehose.api.FirehoseConfig;
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
        Optional<S3Credentials> s3Identity) {}

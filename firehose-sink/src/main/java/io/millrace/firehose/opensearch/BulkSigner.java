package io.millrace.firehose.opensearch;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * Signs _bulk requests with AWS Signature Version 4, as Firehose signs its requests to an Amazon OpenSearch Service
 * domain with the delivery stream's role ("Grant Firehose access to a public OpenSearch Service destination": the
 * domain's access policy names the role; service name {@code es}). The AWS SDK's own signer computes the signature
 * (over the method, path, headers and the body's SHA-256); the JDK's HTTP client then sends the headers it added.
 */
public final class BulkSigner {
    /** Set by the JDK's client itself from the URI and the body; the signer's values for them are the same. */
    private static final Set<String> SET_BY_CLIENT = Set.of("host", "content-length");

    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final AwsCredentialsProvider credentials;
    private final String region;
    private final String service;

    /**
     * @param region the region in the signature's scope (the domain's)
     * @param service the signing name: {@code es} for OpenSearch Service domains
     */
    BulkSigner(AwsCredentialsProvider credentials, String region, String service) {
        this.credentials = credentials;
        this.region = region;
        this.service = service;
    }

    public String region() {
        return region;
    }

    public String service() {
        return service;
    }

    /** Adds the signature's headers (Authorization, X-Amz-Date, X-Amz-Security-Token when temporary) to a POST. */
    void sign(HttpRequest.Builder request, URI uri, Map<String, String> headers, byte[] body) {
        SdkHttpRequest.Builder unsigned =
                SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(uri);
        headers.forEach(unsigned::putHeader);
        SignedRequest signed = signer.sign(r -> r.identity(credentials.resolveCredentials())
                .request(unsigned.build())
                .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        for (Map.Entry<String, List<String>> header : signed.request().headers().entrySet()) {
            String name = header.getKey();
            if (SET_BY_CLIENT.contains(name.toLowerCase(Locale.ROOT)) || headers.containsKey(name)) {
                continue;
            }
            header.getValue().forEach(value -> request.header(name, value));
        }
    }
}

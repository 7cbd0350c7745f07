package io.millrace.launcher.s3;

import java.lang.reflect.Proxy;
import java.util.function.Supplier;
import org.gaul.s3proxy.blobstore.BlobStore;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * A store that answers every operation with one S3 error. {@link S3KeyLocator} hands it to S3Proxy for a caller
 * that may not do what it asks: S3Proxy checks the signature before it touches the store, so a mis-signed request
 * still gets SignatureDoesNotMatch, as on AWS, and a well-signed one the refusal.
 */
final class RefusingBlobStore {

    private RefusingBlobStore() {}

    static BlobStore answering(Supplier<S3Exception> refusal) {
        return (BlobStore) Proxy.newProxyInstance(
                BlobStore.class.getClassLoader(), new Class<?>[] {BlobStore.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "close":
                            return null;
                        case "toString":
                            return "RefusingBlobStore";
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        case "equals":
                            return proxy == args[0];
                        default:
                            throw refusal.get();
                    }
                });
    }

    /** An S3 error S3Proxy's own catalog does not have, such as ExpiredToken. */
    static S3Exception error(int status, String code, String message) {
        return (S3Exception) S3Exception.builder()
                .statusCode(status)
                .message(message)
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode(code)
                        .errorMessage(message)
                        .build())
                .build();
    }
}

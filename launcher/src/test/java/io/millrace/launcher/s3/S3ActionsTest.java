package io.millrace.launcher.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.millrace.gateway.access.AccessRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The IAM action and resource of S3 requests, after AWS's "Required permissions for Amazon S3 API operations". */
class S3ActionsTest {

    @ParameterizedTest(name = "{0} {1}?{2}")
    @CsvSource({
        "GET, /, , s3:ListAllMyBuckets, *",
        "PUT, /lake, , s3:CreateBucket, arn:aws:s3:::lake",
        "DELETE, /lake, , s3:DeleteBucket, arn:aws:s3:::lake",
        "HEAD, /lake, , s3:ListBucket, arn:aws:s3:::lake",
        "GET, /lake, list-type=2&prefix=in%2F, s3:ListBucket, arn:aws:s3:::lake",
        "GET, /lake, location, s3:GetBucketLocation, arn:aws:s3:::lake",
        "GET, /lake, uploads, s3:ListBucketMultipartUploads, arn:aws:s3:::lake",
        "PUT, /lake, versioning, s3:PutBucketVersioning, arn:aws:s3:::lake",
        "DELETE, /lake, encryption, s3:PutEncryptionConfiguration, arn:aws:s3:::lake",
        "DELETE, /lake, policy, s3:DeleteBucketPolicy, arn:aws:s3:::lake",
        "POST, /lake, delete, s3:DeleteObject, arn:aws:s3:::lake",
        "GET, /lake/in/a%20b.txt, , s3:GetObject, arn:aws:s3:::lake/in/a b.txt",
        "HEAD, /lake/in/a.txt, , s3:GetObject, arn:aws:s3:::lake/in/a.txt",
        "PUT, /lake/in/a.txt, , s3:PutObject, arn:aws:s3:::lake/in/a.txt",
        "POST, /lake/in/a.txt, uploads, s3:PutObject, arn:aws:s3:::lake/in/a.txt",
        "PUT, /lake/in/a.txt, partNumber=1&uploadId=u, s3:PutObject, arn:aws:s3:::lake/in/a.txt",
        "GET, /lake/in/a.txt, uploadId=u, s3:ListMultipartUploadParts, arn:aws:s3:::lake/in/a.txt",
        "DELETE, /lake/in/a.txt, uploadId=u, s3:AbortMultipartUpload, arn:aws:s3:::lake/in/a.txt",
        "DELETE, /lake/in/a.txt, , s3:DeleteObject, arn:aws:s3:::lake/in/a.txt",
        "PUT, /lake/in/a.txt, tagging, s3:PutObjectTagging, arn:aws:s3:::lake/in/a.txt",
        "DELETE, /lake/in/a.txt, tagging, s3:DeleteObjectTagging, arn:aws:s3:::lake/in/a.txt",
        "GET, /lake/in/a.txt, acl, s3:GetObjectAcl, arn:aws:s3:::lake/in/a.txt"
    })
    void asAwsListsThem(String method, String path, String query, String action, String resource) {
        S3Request request = S3Request.of(method, path, query, null, null, null, "127.0.0.1", "test");
        assertThat(S3Actions.of(request)).isEqualTo(AccessRequest.of(action, resource));
    }

    @ParameterizedTest
    @CsvSource({"/src/in/a.txt, src, in/a.txt", "src/in/a%2Bb.txt?versionId=1, src, in/a+b.txt"})
    void aCopyReadsItsSource(String header, String bucket, String key) {
        S3Request request = S3Request.of("PUT", "/lake/out/a.txt", null, null, null, header, "127.0.0.1", "test");
        assertThat(request.copySource())
                .hasValueSatisfying(source -> assertThat(source).containsExactly(bucket, key));
        assertThat(S3Actions.copySource(bucket, key))
                .isEqualTo(AccessRequest.of("s3:GetObject", "arn:aws:s3:::" + bucket + "/" + key));
    }

    @ParameterizedTest
    @CsvSource({
        "'AWS4-HMAC-SHA256 Credential=AKID/20261207/eu-west-1/s3/aws4_request, SignedHeaders=host, Signature=0',"
                + " , eu-west-1",
        ", X-Amz-Credential=AKID%2F20261207%2Fus-east-2%2Fs3%2Faws4_request&X-Amz-Security-Token=t, us-east-2"
    })
    void theRegionAndTokenComeFromTheSignature(String authorization, String query, String region) {
        S3Request request = S3Request.of("GET", "/lake", query, null, authorization, null, "127.0.0.1", "test");
        assertThat(request.region()).isEqualTo(region);
        assertThat(request.sessionToken().isPresent()).isEqualTo(query != null);
    }
}

package io.millrace.launcher.s3;

import io.millrace.gateway.access.AccessRequest;
import java.util.List;
import java.util.Map;

/**
 * The IAM action and resource an S3 request needs, as AWS's "Required permissions for Amazon S3 API operations"
 * lists them: object operations on {@code arn:aws:s3:::BUCKET/KEY} (GetObject and HeadObject need
 * {@code s3:GetObject}; PutObject, CopyObject's target and every step of a multipart upload {@code s3:PutObject}),
 * bucket operations on {@code arn:aws:s3:::BUCKET} (ListObjects(V2) and HeadBucket need {@code s3:ListBucket}),
 * ListBuckets {@code s3:ListAllMyBuckets} on {@code *}. DeleteObjects names its keys in its body, which is read after
 * the decision: it is authorized as {@code s3:DeleteObject} on {@code arn:aws:s3:::BUCKET/*}, every key of the
 * bucket, which a grant of some keys only does not cover.
 */
final class S3Actions {

    /** Bucket sub-resources and the actions reading ({@code GET}) and writing ({@code PUT}) them. */
    private static final Map<String, List<String>> BUCKET_SUBRESOURCES = Map.ofEntries(
            Map.entry("acl", List.of("s3:GetBucketAcl", "s3:PutBucketAcl")),
            Map.entry("policy", List.of("s3:GetBucketPolicy", "s3:PutBucketPolicy")),
            Map.entry("versioning", List.of("s3:GetBucketVersioning", "s3:PutBucketVersioning")),
            Map.entry("encryption", List.of("s3:GetEncryptionConfiguration", "s3:PutEncryptionConfiguration")),
            Map.entry("cors", List.of("s3:GetBucketCORS", "s3:PutBucketCORS")),
            Map.entry("lifecycle", List.of("s3:GetLifecycleConfiguration", "s3:PutLifecycleConfiguration")),
            Map.entry("tagging", List.of("s3:GetBucketTagging", "s3:PutBucketTagging")),
            Map.entry("location", List.of("s3:GetBucketLocation", "s3:GetBucketLocation")),
            Map.entry("versions", List.of("s3:ListBucketVersions", "s3:ListBucketVersions")),
            Map.entry("uploads", List.of("s3:ListBucketMultipartUploads", "s3:ListBucketMultipartUploads")));

    private static final Map<String, List<String>> OBJECT_SUBRESOURCES = Map.of(
            "acl", List.of("s3:GetObjectAcl", "s3:PutObjectAcl"),
            "tagging", List.of("s3:GetObjectTagging", "s3:PutObjectTagging"),
            "attributes", List.of("s3:GetObjectAttributes", "s3:GetObjectAttributes"),
            "retention", List.of("s3:GetObjectRetention", "s3:PutObjectRetention"),
            "legal-hold", List.of("s3:GetObjectLegalHold", "s3:PutObjectLegalHold"));

    private S3Actions() {}

    /** What {@code request} needs. */
    static AccessRequest of(S3Request request) {
        if (request.bucket().isEmpty()) {
            return AccessRequest.of("s3:ListAllMyBuckets", AccessRequest.ANY_RESOURCE);
        }
        if (request.key().isEmpty()) {
            return AccessRequest.of(bucketAction(request), bucketArn(request.bucket()));
        }
        return AccessRequest.of(objectAction(request), objectArn(request.bucket(), request.key()));
    }

    /** What reading the source of a copy needs. */
    static AccessRequest copySource(String bucket, String key) {
        return AccessRequest.of("s3:GetObject", objectArn(bucket, key));
    }

    private static String bucketAction(S3Request request) {
        String method = request.method();
        if (method.equals("POST") && request.has("delete")) {
            return "s3:DeleteObject";
        }
        if (method.equals("POST")) {
            return "s3:PutObject"; // a browser form upload (POST Object), its key in the form
        }
        for (Map.Entry<String, List<String>> sub : BUCKET_SUBRESOURCES.entrySet()) {
            if (request.has(sub.getKey())) {
                return switch (method) {
                    case "PUT" -> sub.getValue().get(1);
                    case "DELETE" -> deleteAction(sub.getValue().get(1));
                    default -> sub.getValue().get(0);
                };
            }
        }
        return switch (method) {
            case "PUT" -> "s3:CreateBucket";
            case "DELETE" -> "s3:DeleteBucket";
            default -> "s3:ListBucket";
        };
    }

    private static String objectAction(S3Request request) {
        String method = request.method();
        for (Map.Entry<String, List<String>> sub : OBJECT_SUBRESOURCES.entrySet()) {
            if (request.has(sub.getKey())) {
                return switch (method) {
                    case "PUT" -> sub.getValue().get(1);
                    case "DELETE" -> deleteAction(sub.getValue().get(1));
                    default -> sub.getValue().get(0);
                };
            }
        }
        boolean upload = request.has("uploadId");
        return switch (method) {
            case "PUT", "POST" -> "s3:PutObject";
            case "DELETE" -> upload ? "s3:AbortMultipartUpload" : "s3:DeleteObject";
            default -> upload ? "s3:ListMultipartUploadParts" : "s3:GetObject";
        };
    }

    /**
     * Deleting a sub-resource needs the action that writes it (DeleteBucketEncryption: s3:PutEncryptionConfiguration),
     * except the two S3 has delete actions of their own for.
     */
    private static String deleteAction(String putAction) {
        return switch (putAction) {
            case "s3:PutBucketPolicy" -> "s3:DeleteBucketPolicy";
            case "s3:PutObjectTagging" -> "s3:DeleteObjectTagging";
            default -> putAction;
        };
    }

    private static String bucketArn(String bucket) {
        return "arn:aws:s3:::" + bucket;
    }

    private static String objectArn(String bucket, String key) {
        return "arn:aws:s3:::" + bucket + "/" + key;
    }
}

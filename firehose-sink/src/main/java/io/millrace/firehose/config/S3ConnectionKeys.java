package io.millrace.firehose.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/** How the task reaches the S3 store (endpoint, region, credentials). */
public final class S3ConnectionKeys {
    static final String GROUP = "S3 connection";

    public static final String S3_ENDPOINT = "s3.endpoint";
    public static final String S3_REGION = "s3.region";
    public static final String S3_ACCESS_KEY_ID = "s3.access.key.id";
    public static final String S3_SECRET_ACCESS_KEY = "s3.secret.access.key";
    public static final String S3_PATH_STYLE_ACCESS = "s3.path.style.access";

    private S3ConnectionKeys() {}

    static void define(ConfigDef def) {
        def.define(
                        S3_ENDPOINT,
                        Type.STRING,
                        "",
                        Importance.HIGH,
                        "S3 endpoint URL (http://host:port for S3Proxy, MinIO or another S3-compatible store); empty "
                                + "for AWS S3 in s3.region.",
                        GROUP,
                        1,
                        ConfigDef.Width.LONG,
                        "S3 endpoint")
                .define(
                        S3_REGION,
                        Type.STRING,
                        "us-east-1",
                        Importance.MEDIUM,
                        "Region used to sign S3 requests.",
                        GROUP,
                        2,
                        ConfigDef.Width.SHORT,
                        "S3 region")
                .define(
                        S3_ACCESS_KEY_ID,
                        Type.STRING,
                        "",
                        Importance.MEDIUM,
                        "Access key id; empty to use the AWS SDK's default credentials chain.",
                        GROUP,
                        3,
                        ConfigDef.Width.MEDIUM,
                        "Access key id")
                .define(
                        S3_SECRET_ACCESS_KEY,
                        Type.PASSWORD,
                        "",
                        Importance.MEDIUM,
                        "Secret access key matching s3.access.key.id.",
                        GROUP,
                        4,
                        ConfigDef.Width.MEDIUM,
                        "Secret access key")
                .define(
                        S3_PATH_STYLE_ACCESS,
                        Type.BOOLEAN,
                        false,
                        Importance.LOW,
                        "Path-style requests (http://host/bucket/key), needed by most S3-compatible stores.",
                        GROUP,
                        5,
                        ConfigDef.Width.SHORT,
                        "Path-style access");
    }
}

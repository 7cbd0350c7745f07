package io.millrace.firehose.translation;

import static io.millrace.firehose.translation.TranslationFields.checkLength;
import static io.millrace.firehose.translation.TranslationFields.checkPattern;
import static io.millrace.firehose.translation.TranslationFields.checkRole;
import static io.millrace.firehose.translation.TranslationFields.missing;
import static io.millrace.firehose.translation.TranslationFields.optionalString;
import static io.millrace.firehose.translation.TranslationFields.present;
import static io.millrace.firehose.translation.TranslationFields.validationPrefix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.firehose.config.HttpEndpointKeys;
import io.millrace.firehose.errors.FirehoseErrors;
import io.millrace.gateway.protocol.ApiException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * HttpEndpointDestinationConfiguration into the connector's keys, with the constraints of the botocore model
 * (firehose/2015-08-04): Url 1-1000 characters matching https://.* (an http:// URL on a loopback host is admitted
 * when the gateway allows it, for endpoints on the same machine), Name 1-256, AccessKey up to 4096, BufferingHints
 * 1-64 MiB and 0-900 s, ContentEncoding NONE or GZIP, at most 50 CommonAttributes, RetryOptions 0-7200 s,
 * S3BackupMode FailedDataOnly or AllData, S3Configuration required. Url, AccessKey and attributes are sensitive
 * members: like AWS, validation messages do not repeat their values.
 */
final class HttpEndpointTranslator {
    private static final String PATH = "httpEndpointDestinationConfiguration";
    private static final Pattern NOT_BLANK = Pattern.compile("^(?!\\s*$).+", Pattern.DOTALL);
    private static final Pattern HTTPS = Pattern.compile("https://.*", Pattern.DOTALL);
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpEndpointTranslator() {}

    static void translate(JsonNode dest, Map<String, String> out, TranslationEnvironment env) {
        if (!dest.isObject()) {
            throw ApiException.validation(PATH + " must be an object.");
        }
        out.put(HttpEndpointKeys.DESTINATION_TYPE, HttpEndpointKeys.HTTP_ENDPOINT);
        endpoint(dest.get("EndpointConfiguration"), out, env);
        if (present(dest.get("RoleARN"))) {
            checkRole(dest, PATH + ".roleARN");
        }
        FailedRecordOutput.bufferingHints(dest, PATH, 64, out);
        request(dest.get("RequestConfiguration"), out);
        out.put(
                HttpEndpointKeys.RETRY_DURATION_SECONDS,
                Integer.toString(FailedRecordOutput.retryDuration(dest, PATH)));
        // The S3Configuration holds failed records (error prefix) and, with AllData, every source record (prefix).
        out.put(
                HttpEndpointKeys.S3_BACKUP_MODE,
                FailedRecordOutput.s3Configuration(dest, PATH, "FailedDataOnly", "AllData", out));
        JsonNode logging = dest.get("CloudWatchLoggingOptions");
        if (present(logging) && !logging.isObject()) {
            throw ApiException.validation(PATH + ".cloudWatchLoggingOptions must be an object.");
        }
        JsonNode secrets = dest.get("SecretsManagerConfiguration");
        if (present(secrets) && secrets.path("Enabled").asBoolean(false)) {
            throw FirehoseErrors.invalidArgument("SecretsManagerConfiguration is not supported; give the access key "
                    + "in EndpointConfiguration.AccessKey.");
        }
        ProcessingTranslator.translate(
                dest.get("ProcessingConfiguration"), PATH + ".processingConfiguration", out, env);
    }

    private static void endpoint(JsonNode endpoint, Map<String, String> out, TranslationEnvironment env) {
        String path = PATH + ".endpointConfiguration";
        if (!present(endpoint)) {
            throw missing(path);
        }
        if (!endpoint.isObject()) {
            throw ApiException.validation(path + " must be an object.");
        }
        String url = optionalString(endpoint, "Url", path + ".url");
        if (url == null) {
            throw missing(path + ".url");
        }
        sensitiveLength(url, 1, 1000, path + ".url");
        if (!HTTPS.matcher(url).matches() && !(env.plainHttpLoopback() && isLoopbackHttp(url))) {
            throw ApiException.validation(
                    sensitivePrefix(path + ".url") + "Member must satisfy regular expression pattern: https://.*");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw FirehoseErrors.invalidArgument("EndpointConfiguration.Url is not a valid URL.");
        }
        if (uri.getHost() == null) {
            throw FirehoseErrors.invalidArgument("EndpointConfiguration.Url is not a valid URL: it has no host.");
        }
        if (env.urlFunctionAllowlist() != null
                && env.refuseOffListUrls()
                && !env.urlFunctionAllowlist().allows(url)) {
            // Signed mode: the endpoint is called by the platform, like a processing URL; the same list bounds both.
            throw FirehoseErrors.invalidArgument(
                    "EndpointConfiguration.Url matches no entry of millrace.firehose.processing.url-allowlist.");
        }
        out.put(HttpEndpointKeys.URL, url);
        String name = optionalString(endpoint, "Name", path + ".name");
        if (name != null) {
            checkLength(name, 1, 256, path + ".name");
            checkPattern(name, NOT_BLANK, "^(?!\\s*$).+", path + ".name");
            out.put(HttpEndpointKeys.NAME, name);
        }
        String accessKey = optionalString(endpoint, "AccessKey", path + ".accessKey");
        if (accessKey != null) {
            sensitiveLength(accessKey, 0, 4096, path + ".accessKey");
            out.put(HttpEndpointKeys.ACCESS_KEY, accessKey);
        }
    }

    private static void request(JsonNode request, Map<String, String> out) {
        if (!present(request)) {
            return;
        }
        String path = PATH + ".requestConfiguration";
        if (!request.isObject()) {
            throw ApiException.validation(path + " must be an object.");
        }
        String encoding = optionalString(request, "ContentEncoding", path + ".contentEncoding");
        if (encoding != null) {
            if (!encoding.equals("NONE") && !encoding.equals("GZIP")) {
                throw ApiException.validation(validationPrefix(encoding, path + ".contentEncoding")
                        + "Member must satisfy enum value set: [NONE, GZIP]");
            }
            out.put(HttpEndpointKeys.CONTENT_ENCODING, encoding);
        }
        JsonNode attributes = request.get("CommonAttributes");
        if (!present(attributes)) {
            return;
        }
        String listPath = path + ".commonAttributes";
        if (!attributes.isArray()) {
            throw ApiException.validation(listPath + " must be a list.");
        }
        if (attributes.size() > 50) {
            throw ApiException.validation("1 validation error detected: Value at '" + listPath
                    + "' failed to satisfy constraint: Member must have length less than or equal to 50");
        }
        ObjectNode json = JSON.createObjectNode();
        for (int i = 0; i < attributes.size(); i++) {
            JsonNode attribute = attributes.get(i);
            String at = listPath + "." + (i + 1) + ".member";
            if (!attribute.isObject()) {
                throw ApiException.validation(at + " must be an object.");
            }
            String name = optionalString(attribute, "AttributeName", at + ".attributeName");
            String value = optionalString(attribute, "AttributeValue", at + ".attributeValue");
            if (name == null) {
                throw missing(at + ".attributeName");
            }
            if (value == null) {
                throw missing(at + ".attributeValue");
            }
            sensitiveLength(name, 1, 256, at + ".attributeName");
            if (!NOT_BLANK.matcher(name).matches()) {
                throw ApiException.validation(sensitivePrefix(at + ".attributeName")
                        + "Member must satisfy regular expression pattern: ^(?!\\s*$).+");
            }
            sensitiveLength(value, 0, 1024, at + ".attributeValue");
            if (json.has(name)) {
                throw FirehoseErrors.invalidArgument("CommonAttributes has the attribute name " + name + " twice.");
            }
            json.put(name, value);
        }
        out.put(HttpEndpointKeys.COMMON_ATTRIBUTES, json.toString());
    }

    /** An http:// URL whose host is a loopback name or address. */
    static boolean isLoopbackHttp(String url) {
        if (!url.startsWith("http://")) {
            return false;
        }
        try {
            String host = new URI(url).getHost();
            if (host == null) {
                return false;
            }
            if (host.equals("localhost")) {
                return true;
            }
            // A literal address only: no name is resolved while validating a request.
            if (!host.matches("[0-9.]+|\\[[0-9a-fA-F:.]+\\]")) {
                return false;
            }
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (URISyntaxException | UnknownHostException e) {
            return false;
        }
    }

    private static void sensitiveLength(String value, int min, int max, String path) {
        if (value.length() < min) {
            throw ApiException.validation(
                    sensitivePrefix(path) + "Member must have length greater than or equal to " + min);
        }
        if (value.length() > max) {
            throw ApiException.validation(
                    sensitivePrefix(path) + "Member must have length less than or equal to " + max);
        }
    }

    /** AWS's wording for a sensitive member: the value is not repeated. */
    private static String sensitivePrefix(String path) {
        return "1 validation error detected: Value at '" + path + "' failed to satisfy constraint: ";
    }
}

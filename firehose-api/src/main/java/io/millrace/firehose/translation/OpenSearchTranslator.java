package io.millrace.firehose.translation;

import static io.millrace.firehose.translation.TranslationFields.checkLength;
import static io.millrace.firehose.translation.TranslationFields.checkRole;
import static io.millrace.firehose.translation.TranslationFields.optionalString;
import static io.millrace.firehose.translation.TranslationFields.patternError;
import static io.millrace.firehose.translation.TranslationFields.present;
import static io.millrace.firehose.translation.TranslationFields.requiredString;
import static io.millrace.firehose.translation.TranslationFields.validationPrefix;

import com.fasterxml.jackson.databind.JsonNode;
import io.millrace.firehose.config.HttpEndpointKeys;
import io.millrace.firehose.config.OpenSearchKeys;
import io.millrace.firehose.errors.FirehoseErrors;
import io.millrace.gateway.protocol.ApiException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * AmazonopensearchserviceDestinationConfiguration into the connector's keys, with the constraints of the botocore
 * model (firehose/2015-08-04): RoleARN, IndexName (1-80) and S3Configuration required; DomainARN or ClusterEndpoint
 * (https:, 1-512; an http:// endpoint on a loopback host is admitted when the gateway allows it, as for HTTP endpoint
 * destinations), not both; IndexRotationPeriod NoRotation, OneHour, OneDay (the default), OneWeek or OneMonth;
 * BufferingHints 1-100 MiB and 0-900 s; RetryOptions 0-7200 s; S3BackupMode FailedDocumentsOnly (the default) or
 * AllDocuments; DocumentIdOptions.DefaultDocumentIdFormat FIREHOSE_DEFAULT or NO_DOCUMENT_ID.
 */
final class OpenSearchTranslator {
    static final String FIELD = "AmazonopensearchserviceDestinationConfiguration";
    private static final String PATH = "amazonopensearchserviceDestinationConfiguration";
    private static final String DOMAIN_ARN_SHOWN = "arn:.*:es:[a-zA-Z0-9\\-]+:\\d{12}:domain/[a-z][-0-9a-z]{2,27}";
    private static final Pattern DOMAIN_ARN =
            Pattern.compile("arn:.*:es:([a-zA-Z0-9\\-]+):\\d{12}:domain/([a-z][-0-9a-z]{2,27})");
    /** The host of an Amazon OpenSearch Service domain endpoint: search-NAME-ID.REGION.es.amazonaws.com. */
    private static final Pattern AWS_DOMAIN_HOST = Pattern.compile(".+\\.([a-z0-9-]+)\\.es\\.amazonaws\\.com(\\.cn)?");

    private static final Pattern HTTPS = Pattern.compile("https:.*", Pattern.DOTALL);
    private static final List<String> ROTATIONS = List.of("NoRotation", "OneHour", "OneDay", "OneWeek", "OneMonth");

    private OpenSearchTranslator() {}

    static void translate(JsonNode dest, Map<String, String> out, TranslationEnvironment env) {
        if (!dest.isObject()) {
            throw ApiException.validation(PATH + " must be an object.");
        }
        out.put(HttpEndpointKeys.DESTINATION_TYPE, OpenSearchKeys.AMAZON_OPENSEARCH_SERVICE);
        checkRole(dest, PATH + ".roleARN");
        endpoint(dest, env, out);
        String index = requiredString(dest, "IndexName", PATH + ".indexName");
        checkLength(index, 1, 80, PATH + ".indexName");
        out.put(OpenSearchKeys.INDEX_NAME, index);
        String type = optionalString(dest, "TypeName", PATH + ".typeName");
        if (type != null) {
            checkLength(type, 0, 100, PATH + ".typeName");
            if (!type.isEmpty()) {
                // OpenSearch has no mapping types; AWS takes a TypeName only for Elasticsearch 6.x domains.
                throw FirehoseErrors.invalidArgument("TypeName must be empty: OpenSearch indexes have no types.");
            }
        }
        String rotation = optionalString(dest, "IndexRotationPeriod", PATH + ".indexRotationPeriod");
        if (rotation != null && !ROTATIONS.contains(rotation)) {
            throw ApiException.validation(validationPrefix(rotation, PATH + ".indexRotationPeriod")
                    + "Member must satisfy enum value set: " + ROTATIONS);
        }
        out.put(OpenSearchKeys.INDEX_ROTATION_PERIOD, rotation == null ? "OneDay" : rotation);
        out.put(OpenSearchKeys.DOCUMENT_ID_FORMAT, documentIdFormat(dest.get("DocumentIdOptions")));

        FailedRecordOutput.bufferingHints(dest, PATH, 100, out);
        out.put(OpenSearchKeys.RETRY_DURATION_SECONDS, Integer.toString(FailedRecordOutput.retryDuration(dest, PATH)));
        // The S3Configuration holds failed documents (error prefix) and, with AllDocuments, every record (prefix).
        out.put(
                OpenSearchKeys.S3_BACKUP_MODE,
                FailedRecordOutput.s3Configuration(dest, PATH, "FailedDocumentsOnly", "AllDocuments", out));
        JsonNode vpc = dest.get("VpcConfiguration");
        if (present(vpc)) {
            throw FirehoseErrors.invalidArgument(
                    "VpcConfiguration is not supported: Millrace reaches the cluster at " + "its ClusterEndpoint.");
        }
        ProcessingTranslator.translate(
                dest.get("ProcessingConfiguration"), PATH + ".processingConfiguration", out, env);
    }

    /**
     * ClusterEndpoint as given, or the endpoint the gateway knows for DomainARN's domain, and how requests to it are
     * signed. Firehose signs with the role's credentials (SigV4, service {@code es}) for every OpenSearch Service
     * domain; Millrace does so for a DomainARN (the region is the ARN's) and for a ClusterEndpoint on an AWS domain
     * host (the region is the host's), and sends requests to any other ClusterEndpoint, a self-managed cluster,
     * unsigned. A self-managed cluster that checks signatures is named by DomainARN, with its endpoint listed in
     * millrace.firehose.opensearch-domain-endpoints.
     */
    private static void endpoint(JsonNode dest, TranslationEnvironment env, Map<String, String> out) {
        String url = endpointUrl(dest, env);
        out.put(OpenSearchKeys.ENDPOINT_URL, url);
        String domainArn = optionalString(dest, "DomainARN", PATH + ".domainARN");
        String region = null;
        if (domainArn != null) {
            var m = DOMAIN_ARN.matcher(domainArn);
            region = m.matches() ? m.group(1) : null;
        } else {
            var m = AWS_DOMAIN_HOST.matcher(String.valueOf(URI.create(url).getHost()));
            region = m.matches() ? m.group(1) : null;
        }
        out.put(OpenSearchKeys.AUTH, region == null ? OpenSearchKeys.AUTH_NONE : OpenSearchKeys.AUTH_SIGV4);
        out.put(OpenSearchKeys.SIGNING_REGION, region == null ? "" : region);
    }

    private static String endpointUrl(JsonNode dest, TranslationEnvironment env) {
        String domainArn = optionalString(dest, "DomainARN", PATH + ".domainARN");
        String cluster = optionalString(dest, "ClusterEndpoint", PATH + ".clusterEndpoint");
        if (domainArn != null && cluster != null) {
            throw FirehoseErrors.invalidArgument("Specify either DomainARN or ClusterEndpoint, not both.");
        }
        if (domainArn == null && cluster == null) {
            throw FirehoseErrors.invalidArgument("Either DomainARN or ClusterEndpoint is required.");
        }
        if (cluster != null) {
            checkLength(cluster, 1, 512, PATH + ".clusterEndpoint");
            if (!HTTPS.matcher(cluster).matches()
                    && !(env.plainHttpLoopback() && HttpEndpointTranslator.isLoopbackHttp(cluster))) {
                throw patternError(cluster, PATH + ".clusterEndpoint", "https:.*");
            }
            try {
                if (new URI(cluster).getHost() == null) {
                    throw FirehoseErrors.invalidArgument("ClusterEndpoint is not a valid URL: it has no host.");
                }
            } catch (URISyntaxException e) {
                throw FirehoseErrors.invalidArgument("ClusterEndpoint is not a valid URL.");
            }
            return cluster;
        }
        checkLength(domainArn, 1, 512, PATH + ".domainARN");
        var m = DOMAIN_ARN.matcher(domainArn);
        if (!m.matches()) {
            throw patternError(domainArn, PATH + ".domainARN", DOMAIN_ARN_SHOWN);
        }
        String url = env.openSearchDomainEndpoints().get(domainArn);
        if (url == null) {
            url = env.openSearchDomainEndpoints().get(m.group(2));
        }
        if (url == null) {
            throw FirehoseErrors.invalidArgument("Domain " + m.group(2) + " is not known to this platform: give its "
                    + "ClusterEndpoint, or list it in millrace.firehose.opensearch.domain-endpoints.");
        }
        return url;
    }

    private static String documentIdFormat(JsonNode options) {
        if (!present(options)) {
            return "FIREHOSE_DEFAULT";
        }
        String path = PATH + ".documentIdOptions";
        if (!options.isObject()) {
            throw ApiException.validation(path + " must be an object.");
        }
        String format = requiredString(options, "DefaultDocumentIdFormat", path + ".defaultDocumentIdFormat");
        if (!format.equals("FIREHOSE_DEFAULT") && !format.equals("NO_DOCUMENT_ID")) {
            throw ApiException.validation(validationPrefix(format, path + ".defaultDocumentIdFormat")
                    + "Member must satisfy enum value set: [FIREHOSE_DEFAULT, NO_DOCUMENT_ID]");
        }
        return format;
    }
}

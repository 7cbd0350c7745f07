package io.millrace.firehose.translation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.firehose.config.BackupKeys;
import io.millrace.firehose.config.DestinationKeys;
import io.millrace.firehose.config.FirehoseSinkConfig;
import io.millrace.firehose.config.HttpEndpointKeys;
import io.millrace.firehose.config.OpenSearchKeys;
import io.millrace.firehose.config.StateKeys;
import io.millrace.firehose.opensearch.IndexRotation;
import io.millrace.firehose.opensearch.OpenSearchSettings;
import io.millrace.gateway.protocol.ApiException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** AmazonopensearchserviceDestinationConfiguration through CreateDeliveryStream's translation. */
class OpenSearchTranslatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROLE = "arn:aws:iam::000000000000:role/firehose";
    private static final String DOMAIN = "arn:aws:es:us-east-1:123456789012:domain/search-logs";
    private static final TranslationEnvironment ENV = env(Map.of(DOMAIN, "https://search-logs.internal:9200"));

    /** The platform's environment, with these OpenSearch domains known (by ARN or name). */
    private static TranslationEnvironment env(Map<String, String> domainEndpoints) {
        return new TranslationEnvironment(
                "http://127.0.0.1:9000",
                "us-east-1",
                "AKID",
                "SECRET",
                true,
                "firehose-",
                "",
                1,
                Map.of(),
                Map.of(),
                StateKeys.DEFAULT_SEGMENT_LOG_TOPIC,
                StateKeys.DEFAULT_HEALTH_TOPIC,
                null,
                true,
                true,
                "",
                60_000,
                domainEndpoints,
                "");
    }

    private static ObjectNode request(String destination) throws Exception {
        return (ObjectNode)
                JSON.readTree(("{'DeliveryStreamName':'s','AmazonopensearchserviceDestinationConfiguration':{"
                                + "'RoleARN':'" + ROLE + "','IndexName':'logs','S3Configuration':{'RoleARN':'" + ROLE
                                + "','BucketARN':'arn:aws:s3:::failed','Prefix':'all/','ErrorOutputPrefix':'err/'}"
                                + destination + "}}")
                        .replace('\'', '"'));
    }

    @Test
    void awsDefaultsAndADomainArnResolvedToItsEndpoint() throws Exception {
        Map<String, String> c = DeliveryStreamTranslator.translate(request(",'DomainARN':'" + DOMAIN + "'"), ENV);
        assertThat(c)
                .containsEntry(HttpEndpointKeys.DESTINATION_TYPE, OpenSearchKeys.AMAZON_OPENSEARCH_SERVICE)
                .containsEntry(OpenSearchKeys.ENDPOINT_URL, "https://search-logs.internal:9200")
                .containsEntry(OpenSearchKeys.INDEX_NAME, "logs")
                .containsEntry(OpenSearchKeys.INDEX_ROTATION_PERIOD, "OneDay")
                .containsEntry(OpenSearchKeys.DOCUMENT_ID_FORMAT, "FIREHOSE_DEFAULT")
                .containsEntry(OpenSearchKeys.RETRY_DURATION_SECONDS, "300")
                .containsEntry(OpenSearchKeys.S3_BACKUP_MODE, "FailedDocumentsOnly")
                .containsEntry(DestinationKeys.BUFFERING_SIZE_MB, "5")
                .containsEntry(DestinationKeys.BUFFERING_INTERVAL_SECONDS, "300")
                .containsEntry(DestinationKeys.S3_BUCKET, "failed")
                .containsEntry(DestinationKeys.S3_ERROR_OUTPUT_PREFIX, "err/")
                .doesNotContainKey(BackupKeys.S3_BACKUP_MODE);
        OpenSearchSettings settings = OpenSearchSettings.from(new FirehoseSinkConfig(c));
        assertThat(settings.rotation()).isEqualTo(IndexRotation.OneDay);
        assertThat(settings.firehoseDocumentIds()).isTrue();
        assertThat(settings.retryDurationMillis()).isEqualTo(300_000);
    }

    @Test
    void aDomainArnAndAnAwsDomainHostAreSignedInTheirRegionAndASelfManagedClusterEndpointIsNot() throws Exception {
        Map<String, String> domain = DeliveryStreamTranslator.translate(
                request(",'DomainARN':'" + DOMAIN.replace("us-east-1", "eu-west-3") + "'"),
                env(Map.of("search-logs", "http://127.0.0.1:9200")));
        assertThat(domain)
                .containsEntry(OpenSearchKeys.AUTH, OpenSearchKeys.AUTH_SIGV4)
                .containsEntry(OpenSearchKeys.SIGNING_REGION, "eu-west-3");
        OpenSearchSettings signed = OpenSearchSettings.from(new FirehoseSinkConfig(domain));
        assertThat(signed.signer()).isNotNull();
        assertThat(signed.signer().region()).isEqualTo("eu-west-3");
        assertThat(signed.signer().service()).isEqualTo("es");

        Map<String, String> awsHost = DeliveryStreamTranslator.translate(
                request(",'ClusterEndpoint':'https://search-logs-abc123.ap-south-1.es.amazonaws.com'"), ENV);
        assertThat(awsHost)
                .containsEntry(OpenSearchKeys.AUTH, OpenSearchKeys.AUTH_SIGV4)
                .containsEntry(OpenSearchKeys.SIGNING_REGION, "ap-south-1");

        Map<String, String> selfManaged =
                DeliveryStreamTranslator.translate(request(",'ClusterEndpoint':'https://os.example.com:9200'"), ENV);
        assertThat(selfManaged)
                .containsEntry(OpenSearchKeys.AUTH, OpenSearchKeys.AUTH_NONE)
                .containsEntry(OpenSearchKeys.SIGNING_REGION, "");
        assertThat(OpenSearchSettings.from(new FirehoseSinkConfig(selfManaged)).signer())
                .isNull();
    }

    @Test
    void allDocumentsBacksUpEveryRecordUnderTheS3ConfigurationsPrefix() throws Exception {
        Map<String, String> c = DeliveryStreamTranslator.translate(
                request(",'ClusterEndpoint':'https://os.example.com','S3BackupMode':'AllDocuments',"
                        + "'IndexRotationPeriod':'OneWeek','DocumentIdOptions':{'DefaultDocumentIdFormat':"
                        + "'NO_DOCUMENT_ID'},'BufferingHints':{'SizeInMBs':100,'IntervalInSeconds':0},"
                        + "'RetryOptions':{'DurationInSeconds':0}"),
                ENV);
        assertThat(c)
                .containsEntry(OpenSearchKeys.ENDPOINT_URL, "https://os.example.com")
                .containsEntry(BackupKeys.S3_BACKUP_MODE, "Enabled")
                .containsEntry(BackupKeys.S3_BACKUP_BUCKET, "failed")
                .containsEntry(BackupKeys.S3_BACKUP_PREFIX, "all/")
                .containsEntry(DestinationKeys.BUFFERING_SIZE_MB, "100")
                .containsEntry(OpenSearchKeys.RETRY_DURATION_SECONDS, "0");
        OpenSearchSettings settings = OpenSearchSettings.from(new FirehoseSinkConfig(c));
        assertThat(settings.rotation()).isEqualTo(IndexRotation.OneWeek);
        assertThat(settings.firehoseDocumentIds()).isFalse();
    }

    @Test
    void refusalsAreAwsShaped() {
        assertThatThrownBy(() -> DeliveryStreamTranslator.translate(
                        request(",'DomainARN':'arn:aws:es:us-east-1:123456789012:domain/Upper'"), ENV))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("'amazonopensearchserviceDestinationConfiguration.domainARN'")
                .hasMessageContaining("domain/[a-z][-0-9a-z]{2,27}");
        assertThatThrownBy(() -> DeliveryStreamTranslator.translate(
                        request(",'DomainARN':'arn:aws:es:us-east-1:123456789012:domain/other'"), ENV))
                .hasMessageContaining("Domain other is not known");
        assertThatThrownBy(() -> DeliveryStreamTranslator.translate(
                        request(",'ClusterEndpoint':'https://os','TypeName':'_doc'"), ENV))
                .hasMessageContaining("TypeName must be empty");
        assertThatThrownBy(() -> DeliveryStreamTranslator.translate(
                        request(",'ClusterEndpoint':'https://os','S3BackupMode':'Enabled'"), ENV))
                .hasMessageContaining("[FailedDocumentsOnly, AllDocuments]");
        assertThatThrownBy(() -> DeliveryStreamTranslator.translate(
                        request(",'ClusterEndpoint':'https://os','DocumentIdOptions':{}"), ENV))
                .hasMessageContaining(
                        "Value null at "
                                + "'amazonopensearchserviceDestinationConfiguration.documentIdOptions.defaultDocumentIdFormat'");
        assertThatThrownBy(() -> DeliveryStreamTranslator.translate(
                        request(",'ClusterEndpoint':'https://os','BufferingHints':{'IntervalInSeconds':901}"), ENV))
                .hasMessageContaining("less than or equal to 900");
        assertThatThrownBy(() -> DeliveryStreamTranslator.translate(
                        request(",'ClusterEndpoint':'https://os','VpcConfiguration':{'SubnetIds':['s']}"), ENV))
                .hasMessageContaining("VpcConfiguration is not supported");
    }
}

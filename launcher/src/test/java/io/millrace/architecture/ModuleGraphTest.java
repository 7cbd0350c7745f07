package io.millrace.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;

/**
 * The module graph the root README draws: the gateway and the schemas at the bottom, the Kinesis-on-Kafka mapping
 * beside them, the services on top; the Firehose sink, a Connect plugin, rests on the mapping alone. Maven already
 * keeps a module from using one it does not declare; these rules keep a module from declaring one it must not use.
 * Rules are methods, not fields, so that Surefire's {@code -Dtest=Class#method} selects them.
 */
@AnalyzeClasses(packages = "io.millrace", importOptions = MainCodeOnly.class)
class ModuleGraphTest {

    private static final String[] SERVICES = {
        "io.millrace.kinesis..",
        "io.millrace.firehose..",
        "io.millrace.analytics..",
        "io.millrace.dynamodb..",
        "io.millrace.cloudwatch..",
        "io.millrace.console..",
        "io.millrace.kms..",
        "io.millrace.cloudtrail..",
        "io.millrace.lambda..",
        "io.millrace.iam..",
        "io.millrace.launcher..",
        "io.millrace.bench.."
    };

    /**
     * Classes of the module in directory {@code flink-connector}: its {@code target/classes} in a reactor build, its
     * jar otherwise (for an array, that of its element type). Its packages ({@code io.millrace.analytics.*}) are
     * shared in name with analytics-service.
     */
    private static final DescribedPredicate<JavaClass> FLINK_CONNECTOR = DescribedPredicate.describe(
            "in module flink-connector",
            javaClass -> javaClass
                    .getBaseComponentType()
                    .getSource()
                    .map(source -> source.getUri().toString())
                    .filter(uri ->
                            uri.contains("/flink-connector/target/") || uri.contains("/millrace-flink-connector-"))
                    .isPresent());

    @ArchTest
    void gatewayDependsOnNoService(JavaClasses classes) {
        noClasses()
                .that()
                .resideInAPackage("io.millrace.gateway..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(SERVICES)
                .check(classes);
    }

    @ArchTest
    void schemasDependOnNothingOfOurs(JavaClasses classes) {
        noClasses()
                .that()
                .resideInAPackage("io.millrace.schemas..")
                .should()
                .dependOnClassesThat(
                        resideInAPackage("io.millrace..").and(not(resideInAPackage("io.millrace.schemas.."))))
                .check(classes);
    }

    /** The platform metrics' record rests on nothing of ours: the Firehose sink's Connect plugin carries it. */
    @ArchTest
    void metricsRecordDependsOnNothingOfOurs(JavaClasses classes) {
        noClasses()
                .that()
                .resideInAPackage("io.millrace.metrics..")
                .should()
                .dependOnClassesThat(
                        resideInAPackage("io.millrace..").and(not(resideInAPackage("io.millrace.metrics.."))))
                .check(classes);
    }

    @ArchTest
    void firehoseAndAnalyticsUseOnlyTheKinesisModelAndItsCrypto(JavaClasses classes) {
        noClasses()
                .that()
                .resideInAnyPackage("io.millrace.firehose..", "io.millrace.analytics..")
                .should()
                .dependOnClassesThat(resideInAPackage("io.millrace.kinesis..")
                        .and(not(resideInAnyPackage("io.millrace.kinesis.model..", "io.millrace.kinesis.crypto.."))))
                .check(classes);
    }

    /**
     * The Firehose sink runs in a Kafka Connect worker, which has none of the gateway: its classes (the io.millrace
     * packages of firehose-sink, whichever they are) use nothing of the gateway, the schemas or the Firehose API
     * side. The packages are shared with firehose-api, so the rule finds the sink's classes by where they come from.
     */
    @ArchTest
    void firehoseSinkDependsOnNoGateway(JavaClasses classes) {
        noClasses()
                .that(builtBy("firehose-sink"))
                .should()
                .dependOnClassesThat(builtBy("gateway")
                        .or(builtBy("schemas"))
                        .or(builtBy("firehose-api"))
                        .or(resideInAnyPackage("io.millrace.gateway..", "io.millrace.schemas..")))
                .check(classes);
    }

    /** DynamoDB stands on the gateway and the schemas alone: no other service, not the Kinesis mapping. */
    @ArchTest
    void dynamoDbUsesNoOtherService(JavaClasses classes) {
        noClasses()
                .that()
                .resideInAPackage("io.millrace.dynamodb..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.millrace.kinesis..",
                        "io.millrace.firehose..",
                        "io.millrace.analytics..",
                        "io.millrace.launcher..",
                        "io.millrace.bench..")
                .check(classes);
    }

    /**
     * CloudWatch stands on the gateway, the schemas and the platform metrics' record (whose format its keys share):
     * no other service of ours.
     */
    @ArchTest
    void cloudWatchUsesOnlyTheGatewaySchemasAndMetricsRecord(JavaClasses classes) {
        noClasses()
                .that()
                .resideInAPackage("io.millrace.cloudwatch..")
                .should()
                .dependOnClassesThat(resideInAPackage("io.millrace..")
                        .and(not(resideInAnyPackage(
                                "io.millrace.cloudwatch..",
                                "io.millrace.gateway..",
                                "io.millrace.schemas..",
                                "io.millrace.metrics.."))))
                .check(classes);
    }

    /**
     * The console stands on the gateway alone (and the schemas of the sessions it keeps in Kafka): it calls the other
     * services through their AWS APIs, as a user's tools do, and reads their counters from the gateway's metrics page.
     */
    @ArchTest
    void consoleUsesOnlyTheGateway(JavaClasses classes) {
        noClasses()
                .that()
                .resideInAPackage("io.millrace.console..")
                .should()
                .dependOnClassesThat(resideInAPackage("io.millrace..")
                        .and(not(resideInAnyPackage(
                                "io.millrace.console..", "io.millrace.gateway..", "io.millrace.schemas.."))))
                .check(classes);
    }

    /** The policy language is shared by the gateway's services and the IAM API: it rests on nothing of ours. */
    @ArchTest
    void iamPolicyDependsOnNothingOfOurs(JavaClasses classes) {
        noClasses()
                .that()
                .resideInAPackage("io.millrace.iam.policy..")
                .should()
                .dependOnClassesThat(
                        resideInAPackage("io.millrace..").and(not(resideInAPackage("io.millrace.iam.policy.."))))
                .check(classes);
    }

    /** KMS stands on the gateway, the policy language (key policies) and the schemas: no other service. */
    @ArchTest
    void kmsUsesOnlyTheGatewayThePolicyLanguageAndTheSchemas(JavaClasses classes) {
        noClasses()
                .that()
                .resideInAPackage("io.millrace.kms..")
                .should()
                .dependOnClassesThat(resideInAPackage("io.millrace..")
                        .and(not(resideInAnyPackage(
                                "io.millrace.kms..",
                                "io.millrace.gateway..",
                                "io.millrace.iam.policy..",
                                "io.millrace.schemas.."))))
                .check(classes);
    }

    /** The audit trail stands on the gateway (its audit hook) and the schemas: no other service. */
    @ArchTest
    void cloudTrailUsesOnlyTheGatewayAndTheSchemas(JavaClasses classes) {
        noClasses()
                .that()
                .resideInAPackage("io.millrace.cloudtrail..")
                .should()
                .dependOnClassesThat(resideInAPackage("io.millrace..")
                        .and(not(resideInAnyPackage(
                                "io.millrace.cloudtrail..", "io.millrace.gateway..", "io.millrace.schemas.."))))
                .check(classes);
    }

    /**
     * Lambda stands on the gateway, the schemas, the Kinesis mapping (the streams it polls) and the metric record
     * (its AWS/Lambda figures): no other service.
     */
    @ArchTest
    void lambdaUsesOnlyTheGatewayTheSchemasTheKinesisModelAndMetrics(JavaClasses classes) {
        noClasses()
                .that()
                .resideInAPackage("io.millrace.lambda..")
                .should()
                .dependOnClassesThat(resideInAPackage("io.millrace..")
                        .and(not(resideInAnyPackage(
                                "io.millrace.lambda..",
                                "io.millrace.gateway..",
                                "io.millrace.schemas..",
                                "io.millrace.kinesis.model..",
                                "io.millrace.metrics.."))))
                .check(classes);
    }

    /** IAM stands on the gateway, the policy language and the schemas: no other service. */
    @ArchTest
    void iamUsesNoOtherService(JavaClasses classes) {
        noClasses()
                .that()
                .resideInAPackage("io.millrace.iam..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.millrace.kinesis..",
                        "io.millrace.firehose..",
                        "io.millrace.analytics..",
                        "io.millrace.dynamodb..",
                        "io.millrace.launcher..",
                        "io.millrace.bench..")
                .check(classes);
    }

    /** The mapping every module shares rests on the schemas alone: the Flink connector jar ships it. */
    @ArchTest
    void theKinesisModelDependsOnTheSchemasOnly(JavaClasses classes) {
        noClasses()
                .that()
                .resideInAPackage("io.millrace.kinesis.model..")
                .should()
                .dependOnClassesThat(resideInAPackage("io.millrace..")
                        .and(not(resideInAnyPackage("io.millrace.kinesis.model..", "io.millrace.schemas.."))))
                .check(classes);
    }

    /** Readers of encrypted streams outside the gateway take the envelope format from the model, nothing else. */
    @ArchTest
    void theKinesisCryptoDependsOnTheKinesisModelOnly(JavaClasses classes) {
        noClasses()
                .that()
                .resideInAPackage("io.millrace.kinesis.crypto..")
                .should()
                .dependOnClassesThat(resideInAPackage("io.millrace..")
                        .and(not(resideInAnyPackage(
                                "io.millrace.kinesis.crypto..",
                                "io.millrace.kinesis.model..",
                                "io.millrace.schemas.."))))
                .check(classes);
    }

    /**
     * The Flink connector ships as the SQL jar a Flink cluster runs: nothing of the gateway, the analytics service or
     * any other module, only the schemas, the Kinesis model and the Kinesis crypto, which the jar bundles. The crypto
     * because the connector runs in Flink, outside the gateway, and reads encrypted topics as any Kafka consumer would.
     */
    @ArchTest
    void flinkConnectorDependsOnNoGatewayOnlyOnTheSchemasAndTheKinesisModelAndCrypto(JavaClasses classes) {
        noClasses()
                .that(FLINK_CONNECTOR)
                .should()
                .dependOnClassesThat(resideInAPackage("io.millrace..")
                        .and(not(resideInAnyPackage(
                                "io.millrace.schemas..",
                                "io.millrace.kinesis.model..",
                                "io.millrace.kinesis.crypto..")))
                        .and(not(FLINK_CONNECTOR)))
                .check(classes);
    }

    /**
     * The Kinesis Agent is a client of the endpoint like any other producer, through the AWS SDK: nothing of the
     * gateway or the services, the Kinesis model at most.
     */
    @ArchTest
    void kinesisAgentDependsOnNothingOfOursButTheKinesisModel(JavaClasses classes) {
        noClasses()
                .that()
                .resideInAPackage("io.millrace.agent..")
                .should()
                .dependOnClassesThat(resideInAPackage("io.millrace..")
                        .and(not(resideInAnyPackage("io.millrace.agent..", "io.millrace.kinesis.model.."))))
                .check(classes);
    }

    @ArchTest
    void testKitDependsOnNothingOfOurs(JavaClasses classes) {
        noClasses()
                .that()
                .resideInAPackage("io.millrace.testkit..")
                .should()
                .dependOnClassesThat(
                        resideInAPackage("io.millrace..").and(not(resideInAPackage("io.millrace.testkit.."))))
                .check(classes);
    }

    /**
     * Classes compiled by {@code module}: its {@code target/classes} in a reactor build, or its jar
     * {@code millrace-<module>-<version>.jar} from a repository.
     */
    private static DescribedPredicate<JavaClass> builtBy(String module) {
        return DescribedPredicate.describe(
                "are built by " + module,
                javaClass -> javaClass
                        .getSource()
                        .map(source -> source.getUri().toString())
                        .filter(uri ->
                                uri.contains("/" + module + "/target/") || uri.contains("/millrace-" + module + "-"))
                        .isPresent());
    }

    /**
     * The KCL is a client of the platform, in tests only: its 2.x and 3.x cannot share a classpath, so each is
     * tested from a module of its own (3.x in dynamodb-api's tests, 2.x in the test-only module kcl2-tests).
     */
    @ArchTest
    void productionCodeNeverUsesTheKcl(JavaClasses classes) {
        noClasses()
                .should()
                .dependOnClassesThat(resideInAPackage("software.amazon.kinesis..")
                        .and(not(resideInAPackage("software.amazon.kinesis.producer.."))))
                .check(classes);
    }

    @ArchTest
    void productionCodeNeverUsesTheTestKit(JavaClasses classes) {
        noClasses()
                .that(not(resideInAnyPackage("io.millrace.testkit..")))
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.millrace.testkit..")
                .check(classes);
    }
}

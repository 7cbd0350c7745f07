package io.millrace.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;

/**
 * The module graph the root README draws: the gateway and the schemas at the bottom, the Kinesis-on-Kafka mapping
 * beside them, the services on top. Maven already keeps a module from using one it does not declare; these rules
 * keep a module from declaring one it must not use. Rules are methods, not fields, so that Surefire's
 * {@code -Dtest=Class#method} selects them.
 */
@AnalyzeClasses(packages = "io.millrace", importOptions = MainCodeOnly.class)
class ModuleGraphTest {

    private static final String[] SERVICES = {
        "io.millrace.kinesis..", "io.millrace.firehose..", "io.millrace.analytics..", "io.millrace.dynamodb..",
        "io.millrace.launcher..", "io.millrace.bench.."};

    @ArchTest
    void gatewayDependsOnNoService(JavaClasses classes) {
        noClasses().that().resideInAPackage("io.millrace.gateway..")
                .should().dependOnClassesThat().resideInAnyPackage(SERVICES)
                .check(classes);
    }

    @ArchTest
    void schemasDependOnNothingOfOurs(JavaClasses classes) {
        noClasses().that().resideInAPackage("io.millrace.schemas..")
                .should().dependOnClassesThat(resideInAPackage("io.millrace..")
                        .and(not(resideInAPackage("io.millrace.schemas.."))))
                .check(classes);
    }

    @ArchTest
    void firehoseAndAnalyticsUseOnlyTheKinesisModel(JavaClasses classes) {
        noClasses().that().resideInAnyPackage("io.millrace.firehose..", "io.millrace.analytics..")
                .should().dependOnClassesThat(resideInAPackage("io.millrace.kinesis..")
                        .and(not(resideInAPackage("io.millrace.kinesis.model.."))))
                .check(classes);
    }

    /** DynamoDB stands on the gateway and the schemas alone: no other service, not the Kinesis mapping. */
    @ArchTest
    void dynamoDbUsesNoOtherService(JavaClasses classes) {
        noClasses().that().resideInAPackage("io.millrace.dynamodb..")
                .should().dependOnClassesThat().resideInAnyPackage("io.millrace.kinesis..", "io.millrace.firehose..",
                        "io.millrace.analytics..", "io.millrace.launcher..", "io.millrace.bench..")
                .check(classes);
    }

    /** The mapping every module shares rests on the schemas alone: the Flink connector jar ships it. */
    @ArchTest
    void theKinesisModelDependsOnTheSchemasOnly(JavaClasses classes) {
        noClasses().that().resideInAPackage("io.millrace.kinesis.model..")
                .should().dependOnClassesThat(resideInAPackage("io.millrace..")
                        .and(not(resideInAnyPackage("io.millrace.kinesis.model..", "io.millrace.schemas.."))))
                .check(classes);
    }

    @ArchTest
    void testKitDependsOnNothingOfOurs(JavaClasses classes) {
        noClasses().that().resideInAPackage("io.millrace.testkit..")
                .should().dependOnClassesThat(resideInAPackage("io.millrace..")
                        .and(not(resideInAPackage("io.millrace.testkit.."))))
                .check(classes);
    }

    @ArchTest
    void productionCodeNeverUsesTheTestKit(JavaClasses classes) {
        noClasses().that(not(resideInAnyPackage("io.millrace.testkit..")))
                .should().dependOnClassesThat().resideInAPackage("io.millrace.testkit..")
                .check(classes);
    }
}

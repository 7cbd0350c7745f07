package io.millrace.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against a whole Millrace platform started in the test JVM: an embedded Kafka broker (KRaft), the
 * S3 store, a Kafka Connect worker with the Firehose plugin, optionally a Flink mini-cluster, and the gateway serving
 * every AWS API, every one on a free port of 127.0.0.1. Parameters and {@link Millrace} fields of the types
 * {@link MillraceExtension} lists are handed clients pointed at it.
 *
 * <p>By default ({@link Scope#JVM}) the platform is shared by every test class of the JVM whose settings are the
 * same, started by the first and stopped when the JVM's tests end: a start costs a few seconds (tens of CPU-seconds
 * on two cores), so classes isolate themselves by stream, bucket and table names instead. {@link Scope#CLASS} gives
 * a class a platform of its own, stopped after it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(MillraceExtension.class)
public @interface MillraceTest {

    /** Who shares the platform. */
    enum Scope {
        /** Every test class of the JVM with the same settings (the default). */
        JVM,
        /** This class alone: started before its first test, stopped after its last. */
        CLASS
    }

    Scope scope() default Scope.JVM;

    /**
     * {@code true}: Kinesis's per-shard throughput limits apply (1 MiB/s or 1,000 records/s in, 2 MiB/s and 5 reads/s
     * out, ProvisionedThroughputExceededException beyond), as on AWS and in {@code millrace up}; {@code false} (the
     * default here): no limits, so a test's bursts are never throttled.
     */
    boolean shardLimits() default false;

    /**
     * {@code true}: a Flink mini-cluster runs Managed Service for Apache Flink applications. {@code false} (the
     * default): none is started, which saves several CPU-seconds; the application API still answers, but
     * StartApplication cannot run a job.
     */
    boolean flink() default false;

    /**
     * Configuration keys as {@code key=value}, as in the file of {@code millrace up --config}, for example
     * {@code "millrace.kinesis.data-key-period-ms=300"}.
     */
    String[] config() default {};
}

package io.millrace.launcher.up;

import io.millrace.kinesis.config.KinesisConfig;
import io.millrace.launcher.datadir.DataDirectoryLock;
import io.millrace.launcher.datadir.EndpointsFile;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code millrace up}: the platform in the foreground until SIGTERM or Ctrl-C. */
@Command(
        name = "up",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Starts the platform in the foreground: an embedded single-node Kafka (KRaft) unless"
                    + " --bootstrap-servers names a cluster, an S3-compatible store and a Kafka Connect worker (unless"
                    + " --s3-endpoint and --connect-url name existing ones), then the Kinesis, Firehose, Glue, Flink"
                    + " application and DynamoDB APIs on one gateway, and a Flink mini-cluster unless --flink-rest-url names a"
                    + " cluster.",
            "Only the gateway's ports face the network, on --bind; Kafka, S3, Connect and every Flink socket listen"
                    + " on 127.0.0.1 unless --expose names them (Kafka then with SASL/SCRAM on"
                    + " --kafka-external-port).",
            "Prints one line containing 'ready' on stdout once every service answers; logs go to stderr.",
            "SIGTERM or Ctrl-C stops the endpoint, the running applications (with a savepoint), Connect, S3, Kafka,"
                    + " then Flink. A restart on the same --data-dir finds every stream, delivery stream, application,"
                    + " object and record, and runs the applications that were running."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "1:start-up failed (a port in use, the data directory in use by another process, unreadable data)",
            "2:invalid options or configuration file",
            "143:stopped by SIGTERM (130 for Ctrl-C), after a clean shutdown"
        })
public final class UpCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(UpCommand.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    @Mixin
    UpOptions options = new UpOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        UpPlan plan = UpPlan.resolve(options);
        plan.firehose().missingS3Keys().ifPresent(LOG::warn);
        // Before anything opens the directory: a second broker on a live KRaft log corrupts it.
        DataDirectoryLock lock = DataDirectoryLock.acquire(plan.dataDir());
        plan.requirePortsFree();

        Platform platform = new Platform();
        Thread shutdown = new Thread(() -> stop(platform, lock), "millrace-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);
        try {
            platform.start(plan);
        } catch (Exception | Error e) {
            Runtime.getRuntime().removeShutdownHook(shutdown);
            platform.close();
            lock.close();
            throw e;
        }
        String kafka = platform.kafka()
                .map(k -> k.bootstrapServers())
                .orElse(String.join(",", plan.kinesis().bootstrapServers()));
        GatewayEndpoints gateway =
                GatewayEndpoints.of(platform.gateway(), plan.kinesis().getString(KinesisConfig.BIND));
        String ready = ReadyLine.of(
                plan, gateway, kafka, ManagementFactory.getRuntimeMXBean().getUptime());
        Map<String, String> endpoints = new HashMap<>(Map.of(
                "kafka",
                kafka,
                "s3",
                plan.firehose().s3Endpoint(),
                "connect",
                plan.firehose().connectUrl(),
                "flink",
                plan.flink().restUrl()));
        // "kinesis" is the first URL served (http unless --port off); "kinesis-https" the TLS one.
        endpoints.put("kinesis", gateway.urls().get(0));
        gateway.https().ifPresent(url -> endpoints.put("kinesis-https", url));
        gateway.caCertificate().ifPresent(ca -> endpoints.put("ca", ca.toString()));
        gateway.trustStore().ifPresent(store -> endpoints.put("truststore", store.toString()));
        EndpointsFile.write(lock.directory(), endpoints);
        spec.commandLine().getOut().println(ready);
        spec.commandLine().getOut().flush();

        // Runs until the JVM is told to stop; the shutdown hook does the stopping.
        new CountDownLatch(1).await();
        return 0;
    }

    /**
     * Stops every service; if that takes longer than {@link #STOP_TIMEOUT} (a client of Kafka Connect or Kafka
     * stuck retrying, for instance), the process halts anyway, as a service manager would after its stop timeout.
     * Nothing acknowledged is lost then either: it is in Kafka's log, which the next start recovers as after a
     * kill -9.
     */
    private static void stop(Platform platform, DataDirectoryLock lock) {
        LOG.info("Millrace stopping");
        Thread watchdog = new Thread(
                () -> {
                    try {
                        Thread.sleep(STOP_TIMEOUT.toMillis());
                    } catch (InterruptedException e) {
                        return;
                    }
                    LOG.warn(
                            "Millrace did not stop within {} s: halting; acknowledged data is safe in Kafka's log",
                            STOP_TIMEOUT.toSeconds());
                    Runtime.getRuntime().halt(143);
                },
                "millrace-stop-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        platform.close();
        try {
            EndpointsFile.delete(lock.directory());
            lock.close();
        } catch (IOException e) {
            LOG.warn("The data directory lock was not released cleanly: {}", e.toString());
        }
        LOG.info("Millrace stopped");
    }
}

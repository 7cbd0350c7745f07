package io.millrace.cluster;

/**
 * How many hosts of each role a cluster has. Brokers run KRaft in combined mode (broker and controller in one
 * process, as small production clusters do); every other role is one process per host.
 *
 * @param brokers Kafka brokers, each also a KRaft controller voter
 * @param gateways Millrace gateways ({@code millrace up} against the external cluster)
 * @param connectWorkers Kafka Connect workers in distributed mode, one group, with the Firehose plugin
 * @param taskManagers Flink TaskManagers beside the one JobManager (0: the JobManager alone, which serves the REST
 *     API the gateways check but runs no job)
 */
public record ClusterLayout(int brokers, int gateways, int connectWorkers, int taskManagers) {

    public ClusterLayout {
        if (brokers < 1 || gateways < 1 || connectWorkers < 1 || taskManagers < 0) {
            throw new IllegalArgumentException("a cluster needs a broker, a gateway and a Connect worker: " + this);
        }
    }

    /** The topology of the issue: 3 brokers, 2 gateways, 2 Connect workers, a JobManager and a TaskManager. */
    public static ClusterLayout full() {
        return new ClusterLayout(3, 2, 2, 1);
    }
}

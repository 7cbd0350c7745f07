package io.millrace.firehose.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.firehose.it.TestStack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.opensearch.common.settings.Settings;
import org.opensearch.core.common.transport.TransportAddress;
import org.opensearch.http.HttpServerTransport;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.transport.Netty4Plugin;

/**
 * A single OpenSearch 2.19 node in the test JVM, its REST API on a free loopback port (the Netty 4 transport plugin
 * serves HTTP too), its data in a temporary directory; shared by the JVM's tests and closed at the end. Queried over
 * HTTP, as any client of the cluster would.
 */
final class OpenSearchTestNode {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static OpenSearchTestNode shared;

    private final Node node;
    private final String url;
    private final HttpClient http = HttpClient.newHttpClient();

    /** A Node with the Netty plugin on the classpath, as the distribution would load it from modules/. */
    private static final class EmbeddedNode extends Node {
        EmbeddedNode(Settings settings) {
            super(
                    InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), null, () -> "millrace-test"),
                    List.of(Netty4Plugin.class),
                    true);
        }
    }

    private OpenSearchTestNode() throws Exception {
        // The JVM's Netty (the gateway's) has fixed its processor count already: the node must not set it again.
        System.setProperty("opensearch.set.netty.runtime.available.processors", "false");
        Path home = Files.createTempDirectory("opensearch-node");
        Settings settings = Settings.builder()
                .put("path.home", home.toString())
                .put("cluster.name", "millrace-test")
                .put("node.name", "node-1")
                .put("discovery.type", "single-node")
                .put("network.host", "127.0.0.1")
                .put("http.port", "0")
                .put("transport.port", "0")
                .put("http.type", "netty4")
                .put("transport.type", "netty4")
                // A shared build machine's disk can be fuller than the watermarks: never block writes for it.
                .put("cluster.routing.allocation.disk.threshold_enabled", false)
                .build();
        node = new EmbeddedNode(settings);
        node.start();
        TransportAddress address = node.injector()
                .getInstance(HttpServerTransport.class)
                .boundAddress()
                .publishAddress();
        url = "http://127.0.0.1:" + address.getPort();
    }

    static synchronized OpenSearchTestNode shared() throws Exception {
        if (shared == null) {
            shared = new OpenSearchTestNode();
            TestStack.closeAtEnd(shared.node);
        }
        return shared;
    }

    String url() {
        return url;
    }

    /** A request to the node; the answer's body as JSON (any status). */
    JsonNode call(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    /** Creates an index with this body (settings, mappings); whether the node acknowledged it. */
    boolean createIndex(String index, String body) throws IOException, InterruptedException {
        return call("PUT", "/" + index, body).path("acknowledged").asBoolean();
    }

    /** Documents searchable in the indexes the pattern names (0 while none exists). */
    long count(String indexPattern) throws IOException, InterruptedException {
        call("POST", "/" + indexPattern + "/_refresh", null);
        return call("GET", "/" + indexPattern + "/_count", null).path("count").asLong(0);
    }

    /** Every document of the indexes the pattern names: _index, _id and _source of each hit. */
    List<JsonNode> documents(String indexPattern) throws IOException, InterruptedException {
        return search(indexPattern, "");
    }

    /** {@link #documents} with each hit's _version: how many times its id was indexed. */
    List<JsonNode> versionedDocuments(String indexPattern) throws IOException, InterruptedException {
        return search(indexPattern, "&version=true");
    }

    private List<JsonNode> search(String indexPattern, String options) throws IOException, InterruptedException {
        call("POST", "/" + indexPattern + "/_refresh", null);
        JsonNode hits = call("GET", "/" + indexPattern + "/_search?size=10000" + options, null)
                .path("hits")
                .path("hits");
        List<JsonNode> out = new java.util.ArrayList<>();
        hits.forEach(out::add);
        return out;
    }
}

package io.millrace.console.page;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The lineage graph of a stream split once and merged back, as ListShards lists it: a well-formed SVG with a column
 * per generation, an edge per parent, closed shards marked.
 */
class LineageGraphTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final BigInteger MAX = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);
    private static final BigInteger HALF = BigInteger.ONE.shiftLeft(127);

    @Test
    void aSplitThenAMergeDrawsThreeGenerationsWithAnEdgePerParent() throws Exception {
        List<ShardView> shards = ShardView.of(listShards(
                shard("shardId-000000000000", BigInteger.ZERO, MAX, true),
                shard("shardId-000000000001", BigInteger.ZERO, HALF.subtract(BigInteger.ONE), true)
                        .put("ParentShardId", "shardId-000000000000"),
                shard("shardId-000000000002", HALF, MAX, true).put("ParentShardId", "shardId-000000000000"),
                shard("shardId-000000000003", BigInteger.ZERO, MAX, false)
                        .put("ParentShardId", "shardId-000000000001")
                        .put("AdjacentParentShardId", "shardId-000000000002")));

        Document svg = parse(LineageGraph.svg(shards));

        List<String> edges = new ArrayList<>();
        NodeList paths = svg.getElementsByTagName("path");
        for (int i = 0; i < paths.getLength(); i++) {
            Element edge = (Element) paths.item(i);
            edges.add(edge.getAttribute("data-parent") + ">" + edge.getAttribute("data-child"));
        }
        assertThat(edges)
                .containsExactlyInAnyOrder(
                        "shardId-000000000000>shardId-000000000001",
                        "shardId-000000000000>shardId-000000000002",
                        "shardId-000000000001>shardId-000000000003",
                        "shardId-000000000002>shardId-000000000003");
        assertThat(nodeX(svg, "shardId-000000000001")).isEqualTo(nodeX(svg, "shardId-000000000002"));
        assertThat(nodeX(svg, "shardId-000000000000"))
                .isLessThan(nodeX(svg, "shardId-000000000001"))
                .isLessThan(nodeX(svg, "shardId-000000000003"));
        // Within a generation, hash-key order: the lower half above the upper half.
        assertThat(nodeY(svg, "shardId-000000000001")).isLessThan(nodeY(svg, "shardId-000000000002"));
        assertThat(node(svg, "shardId-000000000000").getAttribute("class")).isEqualTo("node closed");
        assertThat(node(svg, "shardId-000000000003").getAttribute("class")).isEqualTo("node open");
    }

    @Test
    void aParentPastRetentionLeavesItsChildAsARootWithoutAnEdge() throws Exception {
        Document svg = parse(
                LineageGraph.svg(ShardView.of(listShards(shard("shardId-000000000004", BigInteger.ZERO, MAX, false)
                        .put("ParentShardId", "shardId-000000000001")))));

        assertThat(svg.getElementsByTagName("path").getLength()).isZero();
        assertThat(nodeX(svg, "shardId-000000000004")).as("first column").isEqualTo(4);
        assertThat(svg.getElementsByTagName("g").getLength()).isEqualTo(1);
    }

    @Test
    void theDefaultSplitPointHalvesTheRangeAndOnlyTouchingShardsAreAdjacent() throws Exception {
        List<ShardView> shards = ShardView.of(listShards(
                shard("shardId-000000000002", HALF, MAX, false),
                shard("shardId-000000000001", BigInteger.ZERO, HALF.subtract(BigInteger.ONE), false)));

        assertThat(shards).extracting(ShardView::id).containsExactly("shardId-000000000001", "shardId-000000000002");
        assertThat(new ShardView("s", BigInteger.ZERO, MAX, false, List.of()).midpoint())
                .isEqualTo(HALF);
        assertThat(shards.get(0).midpoint()).isEqualTo(HALF.shiftRight(1));
        assertThat(shards.get(0).adjacentTo(shards.get(1))).isTrue();
        assertThat(shards.get(1).adjacentTo(shards.get(0))).isFalse();
    }

    private static int nodeX(Document svg, String shard) {
        return Integer.parseInt(rect(svg, shard).getAttribute("x"));
    }

    private static int nodeY(Document svg, String shard) {
        return Integer.parseInt(rect(svg, shard).getAttribute("y"));
    }

    private static Element rect(Document svg, String shard) {
        return (Element) node(svg, shard).getElementsByTagName("rect").item(0);
    }

    private static Element node(Document svg, String shard) {
        NodeList groups = svg.getElementsByTagName("g");
        for (int i = 0; i < groups.getLength(); i++) {
            Element group = (Element) groups.item(i);
            if (group.getAttribute("data-shard").equals(shard)) {
                return group;
            }
        }
        throw new AssertionError("no node for " + shard);
    }

    private static Document parse(String svg) throws Exception {
        return DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static JsonNode listShards(ObjectNode... shards) {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("Shards");
        for (ObjectNode shard : shards) {
            list.add(shard);
        }
        return out;
    }

    private static ObjectNode shard(String id, BigInteger start, BigInteger end, boolean closed) {
        ObjectNode shard = JSON.createObjectNode().put("ShardId", id);
        shard.putObject("HashKeyRange").put("StartingHashKey", start.toString()).put("EndingHashKey", end.toString());
        ObjectNode sequences = shard.putObject("SequenceNumberRange").put("StartingSequenceNumber", "1");
        if (closed) {
            sequences.put("EndingSequenceNumber", "2");
        }
        return shard;
    }
}

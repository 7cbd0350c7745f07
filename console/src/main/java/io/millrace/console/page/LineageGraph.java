package io.millrace.console.page;

import static io.millrace.console.page.Html.esc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A stream's shard lineage as a small inline SVG drawn on the server (no library, nothing for the CSP to allow):
 * one column per generation (a shard one column right of its newest parent), the shards of a column in hash-key
 * order, an edge from each parent to its child across splits and merges, closed shards greyed by the stylesheet.
 */
final class LineageGraph {

    static final int NODE_WIDTH = 170;
    static final int NODE_HEIGHT = 36;
    private static final int COLUMN_GAP = 60;
    private static final int ROW_GAP = 10;
    private static final int PAD = 4;

    private LineageGraph() {}

    /** The graph of {@code shards} (in hash-key order, as {@link ShardView#of} gives them). */
    static String svg(List<ShardView> shards) {
        Map<String, ShardView> byId = new HashMap<>();
        shards.forEach(shard -> byId.put(shard.id(), shard));
        Map<String, Integer> generations = new HashMap<>();
        Map<Integer, List<ShardView>> columns = new TreeMap<>();
        for (ShardView shard : shards) {
            columns.computeIfAbsent(generation(shard, byId, generations), g -> new ArrayList<>())
                    .add(shard);
        }
        Map<String, int[]> at = new HashMap<>();
        int rows = 0;
        for (Map.Entry<Integer, List<ShardView>> column : columns.entrySet()) {
            List<ShardView> inColumn = column.getValue();
            for (int row = 0; row < inColumn.size(); row++) {
                at.put(inColumn.get(row).id(), new int[] {
                    PAD + column.getKey() * (NODE_WIDTH + COLUMN_GAP), PAD + row * (NODE_HEIGHT + ROW_GAP)
                });
            }
            rows = Math.max(rows, inColumn.size());
        }
        int width = 2 * PAD + columns.size() * (NODE_WIDTH + COLUMN_GAP) - COLUMN_GAP;
        int height = 2 * PAD + rows * (NODE_HEIGHT + ROW_GAP) - ROW_GAP;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(
                Locale.ROOT,
                "<svg id=\"lineage\" class=\"lineage\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\""
                        + " height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"Shard lineage\">\n",
                Math.max(width, 0),
                Math.max(height, 0),
                Math.max(width, 0),
                Math.max(height, 0)));
        for (ShardView child : shards) {
            int[] to = at.get(child.id());
            for (String parent : child.parents()) {
                int[] from = at.get(parent);
                if (from != null) {
                    edge(svg, parent, child.id(), from, to);
                }
            }
        }
        for (ShardView shard : shards) {
            node(svg, shard, at.get(shard.id()));
        }
        return svg.append("</svg>\n").toString();
    }

    /** 0 for a shard whose parents are not listed (the stream's first shards, or parents past retention). */
    private static int generation(ShardView shard, Map<String, ShardView> byId, Map<String, Integer> known) {
        Integer cached = known.get(shard.id());
        if (cached != null) {
            return cached;
        }
        known.put(shard.id(), 0); // a cycle cannot happen in Kinesis; this only stops a malformed answer looping
        int generation = 0;
        for (String parent : shard.parents()) {
            ShardView listed = byId.get(parent);
            if (listed != null) {
                generation = Math.max(generation, generation(listed, byId, known) + 1);
            }
        }
        known.put(shard.id(), generation);
        return generation;
    }

    private static void edge(StringBuilder svg, String parent, String child, int[] from, int[] to) {
        int x1 = from[0] + NODE_WIDTH;
        int y1 = from[1] + NODE_HEIGHT / 2;
        int x2 = to[0];
        int y2 = to[1] + NODE_HEIGHT / 2;
        int bend = (x2 - x1) / 2;
        svg.append(String.format(
                Locale.ROOT,
                "<path class=\"edge\" data-parent=\"%s\" data-child=\"%s\" d=\"M%d %d C%d %d %d %d %d %d\"/>\n",
                esc(parent),
                esc(child),
                x1,
                y1,
                x1 + bend,
                y1,
                x2 - bend,
                y2,
                x2,
                y2));
    }

    private static void node(StringBuilder svg, ShardView shard, int[] at) {
        svg.append(String.format(
                Locale.ROOT,
                "<g class=\"node %s\" data-shard=\"%s\"><title>%s: %s, hash keys %s to %s</title>"
                        + "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"3\"/>"
                        + "<text x=\"%d\" y=\"%d\">%s</text>"
                        + "<text class=\"range\" x=\"%d\" y=\"%d\">%.1f%% to %.1f%% · %s</text></g>\n",
                shard.closed() ? "closed" : "open",
                esc(shard.id()),
                esc(shard.id()),
                shard.closed() ? "closed" : "open",
                shard.start(),
                shard.end(),
                at[0],
                at[1],
                NODE_WIDTH,
                NODE_HEIGHT,
                at[0] + 8,
                at[1] + 15,
                esc(shard.id()),
                at[0] + 8,
                at[1] + 29,
                shard.startFraction() * 100,
                (shard.startFraction() + shard.widthFraction()) * 100,
                shard.closed() ? "closed" : "open"));
    }
}

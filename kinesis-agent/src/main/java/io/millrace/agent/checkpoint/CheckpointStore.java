package io.millrace.agent.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.agent.config.AgentConfigException;
import io.millrace.agent.tailing.FilePosition;
import io.millrace.agent.tailing.Fingerprint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The checkpointFile: for each flow, how far its files were sent and acknowledged. Every save writes the whole file
 * to a temporary file beside it, forces it to disk, renames it over the old one and forces the directory, so that a
 * crash at any point (kill -9, power loss) leaves either the old checkpoint or the new one, never a torn one. (The
 * agent keeps an SQLite database there; Millrace keeps JSON, so the file is not shared with a real agent.)
 */
public final class CheckpointStore {

    private final Path file;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, FilePosition> positions = new HashMap<>();
    private final Map<String, InFlight> inFlight = new HashMap<>();

    private CheckpointStore(Path file) {
        this.file = file;
    }

    /** The checkpoints in {@code file}, none when it does not exist yet. */
    public static CheckpointStore open(Path file) {
        CheckpointStore store = new CheckpointStore(file);
        if (Files.exists(file)) {
            store.load();
        } else {
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
            } catch (IOException e) {
                throw new AgentConfigException("checkpointFile: cannot create its directory (" + e.getMessage() + ")");
            }
        }
        return store;
    }

    public synchronized FilePosition get(String flowId) {
        return positions.get(flowId);
    }

    /** The batch the flow was sending when it stopped, or null. */
    public synchronized InFlight inFlight(String flowId) {
        return inFlight.get(flowId);
    }

    /**
     * Records {@code position} for {@code flowId}, and the batch being sent after it (null when none), durably, before
     * returning.
     */
    public synchronized void save(String flowId, FilePosition position, InFlight sending) {
        if (position != null) {
            positions.put(flowId, position);
        }
        if (sending == null) {
            inFlight.remove(flowId);
        } else {
            inFlight.put(flowId, sending);
        }
        ObjectNode root = json.createObjectNode();
        ObjectNode flows = root.putObject("flows");
        Set<String> ids = new TreeSet<>(positions.keySet());
        ids.addAll(inFlight.keySet());
        for (String id : ids) {
            ObjectNode flow = flows.putObject(id);
            FilePosition p = positions.get(id);
            if (p != null) {
                flow.put("path", p.path())
                        .put("fileKey", p.key())
                        .put("offset", p.offset())
                        .put("headLength", p.fingerprint().length())
                        .put("headCrc", p.fingerprint().crc());
            }
            InFlight batch = inFlight.get(id);
            if (batch != null) {
                ObjectNode sent = flow.putObject("inFlight").put("sentAtMillis", batch.sentAtMillis());
                ArrayNode keys = sent.putArray("partitionKeys");
                batch.partitionKeys().forEach(keys::add);
            }
        }
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (FileChannel out = FileChannel.open(
                    temporary,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(json.writeValueAsBytes(root));
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
                out.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            forceDirectory(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the checkpoint file " + file, e);
        }
    }

    /** The rename is durable once the directory's entry is on disk. */
    private static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Not every platform lets a directory be opened (Windows): the rename is as durable as it gets there.
        }
    }

    private void load() {
        try {
            JsonNode flows = json.readTree(file.toFile()).path("flows");
            for (Iterator<Map.Entry<String, JsonNode>> it = flows.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                JsonNode p = entry.getValue();
                if (p.has("fileKey")) {
                    positions.put(
                            entry.getKey(),
                            new FilePosition(
                                    p.path("path").asText(),
                                    p.path("fileKey").asText(),
                                    p.path("offset").asLong(),
                                    new Fingerprint(
                                            p.path("headLength").asInt(),
                                            p.path("headCrc").asLong())));
                }
                JsonNode batch = p.get("inFlight");
                if (batch != null) {
                    List<String> keys = new ArrayList<>();
                    batch.path("partitionKeys").forEach(key -> keys.add(key.asText()));
                    inFlight.put(
                            entry.getKey(),
                            new InFlight(batch.path("sentAtMillis").asLong(), keys));
                }
            }
        } catch (IOException e) {
            throw new AgentConfigException(
                    "checkpointFile: " + file + " is not a checkpoint file of this agent (" + e.getMessage() + ")");
        }
    }
}

package io.millrace.gateway.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * Decodes one action's request body in a single streaming pass instead of as a tree, for a large request on a hot
 * path (PutRecordBatch): a tree holds every blob of the body as a {@code String} (JSON) or a copied array (CBOR)
 * before the action decodes it again into the array it stores. Registered per action (see
 * {@link ActionRegistry.Builder#readsBody}); calls made in-process still hand the action a tree.
 */
@FunctionalInterface
public interface BodyReader {

    /**
     * Reads the members of the body's top-level structure. The parser stands on its {@code START_OBJECT} and must be
     * left on the matching {@code END_OBJECT}. A member of the wrong type is a SerializationException, thrown only
     * once the whole body was read, so that a malformed body is answered as malformed first, as the tree's reader
     * does. Blobs are read with {@link Fields#blob(JsonParser, String)}, which decodes JSON base64 in place.
     */
    Decoded read(JsonParser parser) throws IOException;

    /**
     * What the read gives: {@code members}, the body's structure without its blobs, which access checks and the
     * audit trail read as they read a tree (CloudTrail leaves blobs out), and {@code value}, what the action reads
     * instead of the tree ({@link AwsRequest#decoded()}).
     */
    record Decoded(ObjectNode members, Object value) {}
}

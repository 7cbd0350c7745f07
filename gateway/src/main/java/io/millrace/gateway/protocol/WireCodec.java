package io.millrace.gateway.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * Reads request bodies and writes response bodies in JSON 1.0/1.1, AWS's CBOR or Smithy RPC v2 CBOR (timestamps
 * there are tag 1 with epoch seconds). Handlers build one tree for both: blobs are
 * binary nodes (base64 text in JSON, byte strings in CBOR) and timestamps are {@link Instant} POJO nodes (fractional
 * epoch seconds in JSON; in CBOR the AWS SDK for Java v2 expects tag 1 followed by epoch milliseconds).
 */
public final class WireCodec {

    /** Largest document accepted: a 10 MiB record in base64 plus its envelope. */
    private static final int MAX_STRING_LENGTH = 16 * 1024 * 1024;

    private static final int MAX_NESTING_DEPTH = 64;

    private final ObjectMapper json;
    private final ObjectMapper cbor;
    private final ObjectMapper rpcV2Cbor;
    /** JSON parsers for the streaming body readers, with the tree's limits; their trees are the JSON mapper's. */
    private final InPlaceJsonFactory inPlaceJson;

    public WireCodec() {
        StreamReadConstraints limits = StreamReadConstraints.builder()
                .maxStringLength(MAX_STRING_LENGTH)
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxNumberLength(400)
                .build();
        ObjectMapper jsonMapper = new ObjectMapper();
        jsonMapper.getFactory().setStreamReadConstraints(limits);
        jsonMapper.getFactory().disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
        jsonMapper.registerModule(
                new SimpleModule("aws-json").addSerializer(Instant.class, new JsonTimestampSerializer()));
        this.json = jsonMapper;
        InPlaceJsonFactory inPlace = new InPlaceJsonFactory(jsonMapper);
        inPlace.setStreamReadConstraints(limits);
        inPlace.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
        this.inPlaceJson = inPlace;

        CBORFactory cborFactory =
                CBORFactory.builder().streamReadConstraints(limits).build();
        ObjectMapper cborMapper = new ObjectMapper(cborFactory);
        cborMapper.registerModule(
                new SimpleModule("aws-cbor").addSerializer(Instant.class, new CborTimestampSerializer(false)));
        this.cbor = cborMapper;

        ObjectMapper rpcV2Mapper = new ObjectMapper(cborFactory);
        rpcV2Mapper.registerModule(
                new SimpleModule("rpc-v2-cbor").addSerializer(Instant.class, new CborTimestampSerializer(true)));
        this.rpcV2Cbor = rpcV2Mapper;
    }

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /**
     * Parses a request body. An empty body is an empty structure, as AWS treats it; anything that is not one
     * well-formed structure is a SerializationException.
     */
    public JsonNode read(WireFormat format, byte[] body) {
        if (body.length == 0) {
            return object();
        }
        JsonNode node;
        try {
            node = mapper(format).readTree(body);
        } catch (IOException | RuntimeException e) {
            throw unreadable(format, e);
        }
        if (node == null || node.isMissingNode()) {
            return object();
        }
        if (!node.isObject()) {
            throw ApiException.serialization("Request body must be a structure, found " + node.getNodeType());
        }
        return node;
    }

    /**
     * Reads a request body with {@code reader} in one streaming pass, with the same limits and the same answers to a
     * malformed body as {@link #read(WireFormat, byte[])}. A body that is empty or not a structure is read as a tree
     * (an empty structure, or the tree reader's SerializationException): the decoded value is then null, and the
     * action reads the members as it reads any tree.
     */
    public BodyReader.Decoded read(WireFormat format, byte[] body, BodyReader reader) {
        if (body.length == 0) {
            return new BodyReader.Decoded(object(), null);
        }
        try (JsonParser parser = format.isCbor() ? mapper(format).createParser(body) : inPlaceJson.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return new BodyReader.Decoded((ObjectNode) read(format, body), null);
            }
            return reader.read(parser);
        } catch (ApiException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw unreadable(format, e);
        }
    }

    private static ApiException unreadable(WireFormat format, Exception e) {
        if (e instanceof StreamConstraintsException limit) {
            return ApiException.serialization("Request body exceeds a parser limit: " + limit.getOriginalMessage());
        }
        return ApiException.serialization(
                format.isCbor()
                        ? "Malformed CBOR request body"
                        : "Malformed JSON request body: " + firstLine(e.getMessage()));
    }

    public byte[] write(WireFormat format, JsonNode response) {
        try {
            return mapper(format).writeValueAsBytes(response);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot encode response", e);
        }
    }

    /**
     * Encodes a response into {@code out}, the same bytes as {@link #write(WireFormat, JsonNode)}: the server
     * streams large answers into network buffers instead of one array (see the HTTP handler).
     */
    public void write(WireFormat format, JsonNode response, OutputStream out) {
        try {
            mapper(format).writeValue(out, response);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot encode response", e);
        }
    }

    /** The error body of every AWS JSON API: {@code {"__type": ..., "message": ...}}. */
    public byte[] writeError(WireFormat format, ApiException error) {
        ObjectNode body = object();
        body.put("__type", error.type());
        body.put("message", error.getMessage());
        error.members().forEach(body::put);
        return write(format, body);
    }

    private ObjectMapper mapper(WireFormat format) {
        return switch (format) {
            case CBOR -> cbor;
            case RPC_V2_CBOR -> rpcV2Cbor;
            default -> json;
        };
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static final class JsonTimestampSerializer extends StdSerializer<Instant> {
        JsonTimestampSerializer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeNumber(BigDecimal.valueOf(value.toEpochMilli(), 3));
        }
    }

    /**
     * Tag 1 and the time: epoch milliseconds in AWS's CBOR (what the Java SDK v2 reads there); epoch seconds in Smithy
     * RPC v2 CBOR ("tag 1 ... an integer or floating point number of seconds since the epoch").
     */
    private static final class CborTimestampSerializer extends StdSerializer<Instant> implements CborTimestampBytes {
        private final boolean seconds;

        CborTimestampSerializer(boolean seconds) {
            super(Instant.class);
            this.seconds = seconds;
        }

        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (gen instanceof CBORGenerator cborGen) {
                cborGen.writeTag(1);
            }
            if (seconds) {
                gen.writeNumber(value.toEpochMilli() / 1000.0);
            } else {
                gen.writeNumber(value.toEpochMilli());
            }
        }

        /** What {@link #serialize} writes through Jackson's CBOR generator (CborTimestampBytesTest compares). */
        @Override
        public int write(long epochMillis, byte[] out, int at) {
            out[at++] = (byte) 0xC1; // tag 1, epoch-based date/time (RFC 8949, 3.4.2)
            if (seconds) {
                out[at++] = (byte) 0xFB; // a double, as the generator writes every double
                return putLong(Double.doubleToRawLongBits(epochMillis / 1000.0), out, at);
            }
            // The generator's integers: the shortest form (RFC 8949, 3.1), negative ones as -1 - n in major type 1.
            int major = epochMillis < 0 ? 0x20 : 0x00;
            long magnitude = epochMillis < 0 ? -1 - epochMillis : epochMillis;
            if (magnitude > 0xFFFF_FFFFL) {
                out[at++] = (byte) (major | 27);
                return putLong(magnitude, out, at);
            }
            if (magnitude < 24) {
                out[at++] = (byte) (major | magnitude);
            } else if (magnitude < 0x100) {
                out[at++] = (byte) (major | 24);
                out[at++] = (byte) magnitude;
            } else if (magnitude < 0x10000) {
                out[at++] = (byte) (major | 25);
                out[at++] = (byte) (magnitude >> 8);
                out[at++] = (byte) magnitude;
            } else {
                out[at++] = (byte) (major | 26);
                for (int shift = 24; shift >= 0; shift -= 8) {
                    out[at++] = (byte) (magnitude >> shift);
                }
            }
            return at;
        }

        private static int putLong(long value, byte[] out, int at) {
            for (int shift = 56; shift >= 0; shift -= 8) {
                out[at++] = (byte) (value >> shift);
            }
            return at;
        }
    }
}

package io.millrace.gateway.protocol;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.core.json.UTF8StreamJsonParser;
import com.fasterxml.jackson.core.sym.ByteQuadsCanonicalizer;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Base64;

/**
 * The JSON factory of the streaming body readers ({@link BodyReader}): its parsers, over a UTF-8 body held in one
 * array, can decode a base64 string straight from the body and step over it. Measured on a PutRecordBatch body of
 * 500 records of 1 KiB (690 KB of JSON), Jackson's tokenizer spends about 0.55 ns a byte on a string whether it keeps
 * or skips it (390 µs of CPU a body), the JDK's base64 decoder 0.13 (88 µs): stepping over the base64 itself, found
 * eight bytes at a time, leaves the tokenizer only the structure around it. Any other body (a BOM, UTF-16 or 32) gets
 * Jackson's own parser, which decides as it always has.
 */
final class InPlaceJsonFactory extends JsonFactory {

    private static final long serialVersionUID = 1L;

    InPlaceJsonFactory(ObjectCodec codec) {
        super(codec);
    }

    @Override
    protected JsonParser _createParser(byte[] data, int offset, int len, IOContext ctxt) throws IOException {
        // '{' and a byte that is not 0: a structure in UTF-8 (UTF-16 and 32 put zero bytes beside ASCII).
        if (len < 2 || data[offset] != '{' || data[offset + 1] == 0) {
            return super._createParser(data, offset, len, ctxt);
        }
        ctxt.setEncoding(JsonEncoding.UTF8);
        return new InPlaceParser(
                ctxt,
                _parserFeatures,
                _objectCodec,
                _byteSymbolCanonicalizer.makeChildOrPlaceholder(_factoryFeatures),
                data,
                offset,
                offset + len);
    }

    /** Jackson's UTF-8 parser, which can also decode the base64 string it stands on in place. */
    static final class InPlaceParser extends UTF8StreamJsonParser {

        private static final VarHandle LONGS =
                MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
        private static final long ONES = 0x0101010101010101L;
        private static final long HIGHS = 0x8080808080808080L;
        private static final long QUOTES = 0x2222222222222222L;
        private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;

        InPlaceParser(
                IOContext ctxt,
                int features,
                ObjectCodec codec,
                ByteQuadsCanonicalizer symbols,
                byte[] input,
                int start,
                int end) {
            super(ctxt, features, null, codec, symbols, input, start, end, false);
        }

        /**
         * The length of the last base64 text this parser decoded in place, 0 before the first: the records of one
         * request are most often all of one size (an SDK's batch of a producer's fixed-size events), so the next
         * text is first tried at that length, which spares the search for its end.
         */
        private int lastBase64Length;

        /**
         * The string value the parser stands on, decoded as base64 by the JDK's decoder, the parser then past it; null
         * (and the parser unmoved) when it is not such a string yet to be read, holds an escape, is not whole
         * four-character groups or is refused by the JDK's decoder (whitespace, padding inside, a character outside
         * the alphabet): the caller then reads its text. Base64 has no quote or backslash, so the text ends at the
         * first quote: a span the decoder takes has none, and when the byte after it is a quote, that span is the
         * whole text. The span of the last text's length is tried first; the end is searched for only when that
         * is not it.
         */
        byte[] base64InPlace() {
            if (currentToken() != JsonToken.VALUE_STRING
                    || !_tokenIncomplete
                    || _inputPtr < 1
                    || _inputBuffer[_inputPtr - 1] != '"') {
                return null;
            }
            int start = _inputPtr;
            int end = start + lastBase64Length;
            byte[] decoded = lastBase64Length > 0 && end + 1 < _inputEnd && closesValue(_inputBuffer, end)
                    ? decode(_inputBuffer, start, end)
                    : null;
            if (decoded == null) {
                end = quoteOrBackslash(_inputBuffer, start, _inputEnd);
                if (end < 0 || _inputBuffer[end] != '"' || ((end - start) & 3) != 0) {
                    return null;
                }
                decoded = decode(_inputBuffer, start, end);
                if (decoded == null) {
                    return null;
                }
            }
            lastBase64Length = end - start;
            _inputPtr = end + 1;
            _tokenIncomplete = false;
            return decoded;
        }

        /**
         * Whether {@code bytes[at]} can be the quote that closes a member's value: a quote followed by what may follow
         * a value (a comma, the end of the object or array, whitespace). Checked before a span is decoded on a guess,
         * so that a shorter text, whose closing quote is followed by the next member's name, costs no refused decode.
         */
        private static boolean closesValue(byte[] bytes, int at) {
            if (bytes[at] != '"') {
                return false;
            }
            byte next = bytes[at + 1];
            return next == ','
                    || next == '}'
                    || next == ']'
                    || next == ' '
                    || next == '\n'
                    || next == '\r'
                    || next == '\t';
        }

        /** The bytes {@code bytes[from, to)} encode in base64, by the JDK's decoder; null when it refuses them. */
        private static byte[] decode(byte[] bytes, int from, int to) {
            try {
                ByteBuffer out = Base64.getDecoder().decode(ByteBuffer.wrap(bytes, from, to - from));
                return out.arrayOffset() == 0 && out.remaining() == out.array().length
                        ? out.array()
                        : Arrays.copyOfRange(out.array(), out.arrayOffset(), out.arrayOffset() + out.remaining());
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        /** The first quote or backslash in {@code bytes[from, to)}, eight bytes at a time; -1 for none. */
        private static int quoteOrBackslash(byte[] bytes, int from, int to) {
            int i = from;
            for (; i + Long.BYTES <= to; i += Long.BYTES) {
                long word = (long) LONGS.get(bytes, i);
                long quotes = word ^ QUOTES;
                long backslashes = word ^ BACKSLASHES;
                // A byte of 0 in either marks a match; the lowest marked byte is exact (little-endian: the first).
                long found = ((quotes - ONES) & ~quotes | (backslashes - ONES) & ~backslashes) & HIGHS;
                if (found != 0) {
                    return i + (Long.numberOfTrailingZeros(found) >>> 3);
                }
            }
            for (; i < to; i++) {
                if (bytes[i] == '"' || bytes[i] == '\\') {
                    return i;
                }
            }
            return -1;
        }
    }
}

package io.millrace.lambda.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lambda's filter rule syntax (developer guide, "Filter rule syntax") against Kinesis-shaped documents. */
class FilterPatternTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ORDER = "{\"partitionKey\":\"k-1\",\"data\":{\"record\":12345,\"tags\":[\"a\",\"b\"],"
            + "\"order\":{\"type\":\"buy\",\"stock\":\"ANYCO\",\"quantity\":1000,\"note\":null,\"ip\":\"x.png\"}}}";

    private static boolean matches(String pattern, String document) throws Exception {
        return FilterPattern.parse(pattern).matches(JSON.readTree(document));
    }

    private static boolean order(String pattern) throws Exception {
        return matches(pattern, ORDER);
    }

    @Test
    void valuesAndNestingAreEqualityAndAnd() throws Exception {
        assertThat(order("{\"data\":{\"order\":{\"type\":[\"buy\"]}}}")).isTrue();
        assertThat(order("{\"data\":{\"order\":{\"type\":[\"sell\"]}}}")).isFalse();
        assertThat(order("{\"data\":{\"order\":{\"type\":[\"sell\",\"buy\"]}}}"))
                .isTrue();
        assertThat(order("{\"partitionKey\":[\"k-1\"],\"data\":{\"order\":{\"type\":[\"buy\"]}}}"))
                .isTrue();
        assertThat(order("{\"partitionKey\":[\"k-2\"],\"data\":{\"order\":{\"type\":[\"buy\"]}}}"))
                .isFalse();
        // Numbers by value; a string is not a number.
        assertThat(order("{\"data\":{\"record\":[12345.0]}}")).isTrue();
        assertThat(order("{\"data\":{\"record\":[\"12345\"]}}")).isFalse();
        assertThat(order("{\"data\":{\"order\":{\"note\":[null]}}}")).isTrue();
        // An array field matches when one element does.
        assertThat(order("{\"data\":{\"tags\":[\"b\"]}}")).isTrue();
        assertThat(order("{\"data\":{\"tags\":[\"c\"]}}")).isFalse();
    }

    @Test
    void operators() throws Exception {
        assertThat(order("{\"data\":{\"order\":{\"quantity\":[{\"numeric\":[\">\",100,\"<=\",1000]}]}}}"))
                .isTrue();
        assertThat(order("{\"data\":{\"order\":{\"quantity\":[{\"numeric\":[\"<\",1000]}]}}}"))
                .isFalse();
        assertThat(order("{\"data\":{\"order\":{\"quantity\":[{\"numeric\":[\"=\",1000]}]}}}"))
                .isTrue();
        assertThat(order("{\"data\":{\"order\":{\"stock\":[{\"prefix\":\"ANY\"}]}}}"))
                .isTrue();
        assertThat(order("{\"data\":{\"order\":{\"stock\":[{\"prefix\":{\"equals-ignore-case\":\"any\"}}]}}}"))
                .isTrue();
        assertThat(order("{\"data\":{\"order\":{\"ip\":[{\"suffix\":\".png\"}]}}}"))
                .isTrue();
        assertThat(order("{\"data\":{\"order\":{\"stock\":[{\"equals-ignore-case\":\"anyco\"}]}}}"))
                .isTrue();
        assertThat(order("{\"data\":{\"order\":{\"stock\":[{\"wildcard\":\"A*CO\"}]}}}"))
                .isTrue();
        assertThat(order("{\"data\":{\"order\":{\"stock\":[{\"wildcard\":\"A*X\"}]}}}"))
                .isFalse();
        assertThat(order("{\"data\":{\"order\":{\"type\":[{\"anything-but\":[\"sell\",\"hold\"]}]}}}"))
                .isTrue();
        assertThat(order("{\"data\":{\"order\":{\"type\":[{\"anything-but\":\"buy\"}]}}}"))
                .isFalse();
        assertThat(order("{\"data\":{\"order\":{\"type\":[{\"anything-but\":{\"prefix\":\"b\"}}]}}}"))
                .isFalse();
    }

    @Test
    void existsAndOr() throws Exception {
        assertThat(order("{\"data\":{\"order\":{\"stock\":[{\"exists\":true}]}}}"))
                .isTrue();
        assertThat(order("{\"data\":{\"order\":{\"price\":[{\"exists\":false}]}}}"))
                .isTrue();
        assertThat(order("{\"data\":{\"order\":{\"price\":[{\"exists\":true}]}}}"))
                .isFalse();
        // exists holds for leaves only, and a missing field matches nothing else (anything-but included).
        assertThat(order("{\"data\":{\"order\":[{\"exists\":true}]}}")).isFalse();
        assertThat(order("{\"data\":{\"order\":{\"price\":[{\"anything-but\":\"x\"}]}}}"))
                .isFalse();
        assertThat(order("{\"$or\":[{\"partitionKey\":[\"nope\"]},{\"data\":{\"record\":[12345]}}]}"))
                .isTrue();
        assertThat(order("{\"$or\":[{\"partitionKey\":[\"nope\"]},{\"data\":{\"record\":[1]}}]}"))
                .isFalse();
        // A record whose data is not JSON has no data properties.
        assertThat(matches("{\"data\":{\"order\":[{\"exists\":false}]}}", "{\"partitionKey\":\"k\"}"))
                .isTrue();
        assertThat(matches("{\"data\":{\"order\":{\"type\":[\"buy\"]}}}", "{\"partitionKey\":\"k\"}"))
                .isFalse();
    }

    @Test
    void invalidPatternsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> FilterPattern.parse("not json")).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> FilterPattern.parse("[1]")).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> FilterPattern.parse("{\"data\":\"buy\"}")).hasMessageContaining("data");
        assertThatThrownBy(() -> FilterPattern.parse("{\"a\":[]}")).hasMessageContaining("empty");
        assertThatThrownBy(() -> FilterPattern.parse("{\"a\":[{\"numeric\":[\"~\",1]}]}"))
                .hasMessageContaining("numeric");
        assertThatThrownBy(() -> FilterPattern.parse("{\"a\":[{\"between\":1}]}"))
                .hasMessageContaining("unknown operator between");
        assertThatThrownBy(() -> FilterPattern.parse("{\"a\":[{\"exists\":\"yes\"}]}"))
                .hasMessageContaining("exists");
    }

    @Test
    void filtersAreOredAndReadDataOnlyWhenAPatternMayNeedIt() throws Exception {
        Filters filters = Filters.of(List.of("{\"partitionKey\":[\"a\"]}", "{\"partitionKey\":[\"b\"]}"));
        JsonNode b = JSON.readTree("{\"partitionKey\":\"b\"}");
        boolean[] askedForData = {false};
        assertThat(filters.accepts(withData -> {
                    askedForData[0] = withData;
                    return b;
                }))
                .isTrue();
        assertThat(askedForData[0]).isFalse();
        assertThat(filters.accepts(withData -> JSON.createObjectNode().put("partitionKey", "c")))
                .isFalse();
        assertThat(Filters.NONE.accepts(withData -> null)).isTrue();
    }
}

package io.millrace.iam.documents;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PolicyDocumentsTest {

    private static final String DOCUMENT =
            "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Effect\": \"Allow\","
                    + " \"Action\": \"kinesis:*\", \"Resource\": \"*\"}]\n}";

    @Test
    void documentsAreReturnedUrlEncodedAsIamDoes() {
        String encoded = PolicyDocuments.urlEncoded(DOCUMENT);
        assertThat(encoded)
                .startsWith("%7B%0A%20%20%22Version%22%3A%20%222012-10-17%22")
                .contains("kinesis%3A%2A")
                .doesNotContain("+")
                .doesNotContain(" ");
        assertThat(URLDecoder.decode(encoded, StandardCharsets.UTF_8)).isEqualTo(DOCUMENT);
    }

    @Test
    void sizeLeavesWhiteSpaceOut() {
        assertThat(PolicyDocuments.size("{ \"a\" :\n\t\"b c\" }")).isEqualTo(10);
    }

    @Test
    void theDefaultValidatorWantsOneJsonObject() {
        PolicyDocumentValidator validator = PolicyDocumentValidator.WELL_FORMED_JSON;
        assertThat(validator.problem(DOCUMENT, PolicyDocumentValidator.Kind.IDENTITY))
                .isEmpty();
        assertThat(validator.problem("{\"Version\": ", PolicyDocumentValidator.Kind.IDENTITY))
                .contains("This policy contains invalid Json");
        assertThat(validator.problem("{\"a\": 1, \"a\": 2}", PolicyDocumentValidator.Kind.TRUST))
                .contains("This policy contains invalid Json");
        assertThat(validator.problem("[1]", PolicyDocumentValidator.Kind.SESSION))
                .contains("Syntax errors in policy.");
    }
}

package io.millrace.gateway.protocol.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.millrace.gateway.protocol.ApiException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class QueryXmlTest {

    private static final String NS = "https://sts.amazonaws.com/doc/2011-06-15/";

    private static String text(byte[] xml) {
        return new String(xml, StandardCharsets.UTF_8);
    }

    /** Parsed by the JDK's namespace-aware parser: what is written is well-formed XML. */
    private static Document parse(byte[] xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }

    @Test
    void anOutputIsWrappedInResponseAndResultWithTheRequestId() {
        ObjectNode output = JsonNodeFactory.instance.objectNode();
        ObjectNode credentials = output.putObject("Credentials");
        credentials.put("AccessKeyId", "ASIA1");
        credentials.putPOJO("Expiration", Instant.parse("2026-12-06T20:00:00.359123Z"));
        output.putArray("Tags").addObject().put("Key", "k").put("Value", "v");
        output.put("PackedPolicySize", 6).put("IsTruncated", false).put("Ratio", 0.5);
        output.putNull("Marker");
        output.put("Blob", new byte[] {1, 2, (byte) 0xff});
        output.set(
                "SummaryMap", QueryMap.of(JsonNodeFactory.instance.objectNode().put("Users", 3)));

        assertThat(text(QueryXml.response("AssumeRole", output, NS, "req-1")))
                .isEqualTo("<AssumeRoleResponse xmlns=\"" + NS + "\"><AssumeRoleResult>"
                        + "<Credentials><AccessKeyId>ASIA1</AccessKeyId>"
                        + "<Expiration>2026-12-06T20:00:00.359Z</Expiration></Credentials>"
                        + "<Tags><member><Key>k</Key><Value>v</Value></member></Tags>"
                        + "<PackedPolicySize>6</PackedPolicySize><IsTruncated>false</IsTruncated><Ratio>0.5</Ratio>"
                        + "<Blob>AQL/</Blob>"
                        + "<SummaryMap><entry><key>Users</key><value>3</value></entry></SummaryMap>"
                        + "</AssumeRoleResult><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata>"
                        + "</AssumeRoleResponse>");
    }

    @Test
    void anOutputWithoutMembersHasNoResultElement() {
        assertThat(text(QueryXml.response("DeleteUser", JsonNodeFactory.instance.objectNode(), NS, "r")))
                .isEqualTo("<DeleteUserResponse xmlns=\"" + NS + "\"><ResponseMetadata><RequestId>r</RequestId>"
                        + "</ResponseMetadata></DeleteUserResponse>");
    }

    @Test
    void anEmptyListIsAnEmptyElementAndWholeSecondsHaveNoFraction() {
        ObjectNode output = JsonNodeFactory.instance.objectNode();
        output.putArray("Users");
        output.putPOJO("CreateDate", Instant.parse("2026-01-02T03:04:05Z"));

        assertThat(text(QueryXml.response("ListUsers", output, NS, "r")))
                .contains("<ListUsersResult><Users></Users><CreateDate>2026-01-02T03:04:05Z</CreateDate>");
    }

    @Test
    void textIsEscapedSoThatAParserReadsItBack() throws Exception {
        String tricky = "a<b>&\"c\" 'd'\r\n\té😀\u0001\ud800";
        ObjectNode output = JsonNodeFactory.instance.objectNode().put("Value", tricky);

        Document document = parse(QueryXml.response("Echo", output, NS, "r"));

        assertThat(document.getElementsByTagName("Value").item(0).getTextContent())
                .isEqualTo("a<b>&\"c\" 'd'\r\n\té😀\uFFFD\uFFFD");
    }

    @Test
    void errorsAreSenderForTheClientsFaultAndReceiverForOurs() throws Exception {
        byte[] client = QueryXml.error(new ApiException("NoSuchEntity", 404, "Role <x> & y"), NS, "r1");
        assertThat(text(client))
                .isEqualTo("<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>Sender</Type><Code>NoSuchEntity</Code>"
                        + "<Message>Role &lt;x&gt; &amp; y</Message></Error><RequestId>r1</RequestId></ErrorResponse>");
        Document ours = parse(QueryXml.error(new ApiException("InternalFailure", 500, "boom"), NS, "r2"));
        assertThat(ours.getElementsByTagName("Type").item(0).getTextContent()).isEqualTo("Receiver");
        assertThat(ours.getDocumentElement().getNamespaceURI()).isEqualTo(NS);
    }

    @Test
    void theJsonProtocolsErrorsAreAnsweredInTheQueryApisCodes() {
        assertThat(QueryErrors.translate(new ApiException("InvalidSignatureException", 400, "Signature expired: x")))
                .satisfies(e -> {
                    assertThat(e.type()).isEqualTo("SignatureDoesNotMatch");
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.getMessage()).isEqualTo("Signature expired: x");
                });
        assertThat(QueryErrors.translate(new ApiException("MissingAuthenticationTokenException", 400, "Missing")))
                .satisfies(e -> {
                    assertThat(e.type()).isEqualTo("MissingAuthenticationToken");
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.getMessage()).isEqualTo("Request is missing Authentication Token");
                });
        assertThat(QueryErrors.translate(new ApiException("UnrecognizedClientException", 400, "m"))
                        .type())
                .isEqualTo("InvalidClientTokenId");
        assertThat(QueryErrors.translate(new ApiException("ExpiredTokenException", 400, "m"))
                        .status())
                .isEqualTo(403);
        assertThat(QueryErrors.translate(new ApiException("IncompleteSignatureException", 400, "m"))
                        .type())
                .isEqualTo("IncompleteSignature");
        // An expired presigned URL, as STS and IAM answer it.
        assertThat(QueryErrors.translate(ApiException.accessDenied("Request has expired")))
                .satisfies(e -> {
                    assertThat(e.type()).isEqualTo("AccessDenied");
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.getMessage()).isEqualTo("Request has expired");
                });
        ApiException own = new ApiException("EntityAlreadyExists", 409, "exists");
        assertThat(QueryErrors.translate(own)).isSameAs(own);
    }
}

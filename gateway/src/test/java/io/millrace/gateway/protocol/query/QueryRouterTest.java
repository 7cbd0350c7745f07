package io.millrace.gateway.protocol.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.gateway.protocol.ActionRegistry;
import io.millrace.gateway.protocol.ApiException;
import io.millrace.gateway.protocol.AwsService;
import io.millrace.gateway.protocol.QueryProtocol;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueryRouterTest {

    private static final AwsService STS = query("AWSSecurityTokenServiceV20110615", "2011-06-15", "sts");
    private static final AwsService IAM = query("AWSIdentityManagementV20100508", "2010-05-08", "iam");
    /** An API of another signing name that shares IAM's version. */
    private static final AwsService TWIN = query("Twin_20100508", "2010-05-08", "twin");

    private static final AwsService JSON_ONLY =
            ActionRegistry.forService("Kinesis_20131202", "kinesis").build();

    private final QueryRouter router = new QueryRouter(List.of(JSON_ONLY, STS, IAM, TWIN));

    private static AwsService query(String prefix, String version, String signingName) {
        return ActionRegistry.forService(prefix, signingName)
                .queryProtocol(new QueryProtocol(version, signingName, "https://" + signingName + ".example/doc/"))
                .build();
    }

    private static QueryForm form(String body) {
        return QueryForm.fromBody(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theVersionChoosesTheApiAndTheSigningNameTellsApartTwoThatShareIt() {
        assertThat(router.route(form("Action=GetCallerIdentity&Version=2011-06-15"), null))
                .isSameAs(STS);
        assertThat(router.route(form("Action=GetCallerIdentity&Version=2011-06-15"), "iam"))
                .isSameAs(STS);
        assertThat(router.route(form("Action=ListUsers&Version=2010-05-08"), "twin"))
                .isSameAs(TWIN);
        assertThat(router.route(form("Action=ListUsers&Version=2010-05-08"), "iam"))
                .isSameAs(IAM);
        // Unsigned, or signed for neither: the first registered.
        assertThat(router.route(form("Action=ListUsers&Version=2010-05-08"), null))
                .isSameAs(IAM);
    }

    @Test
    void aFormWithoutActionOrWithAVersionNoApiHasIsRefusedAsAwsDoes() {
        assertThatThrownBy(() -> router.route(form("Version=2011-06-15"), "sts"))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.type()).isEqualTo("MissingAction"));
        assertThatThrownBy(() -> router.route(form("Action=GetCallerIdentity"), "sts"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.type()).isEqualTo("InvalidAction");
                    assertThat(e.getMessage())
                            .isEqualTo("Could not find operation GetCallerIdentity for version NO_VERSION_SPECIFIED");
                });
        assertThatThrownBy(() -> router.route(form("Action=ListStreams&Version=2013-12-02"), "kinesis"))
                .isInstanceOfSatisfying(
                        ApiException.class,
                        e -> assertThat(e.getMessage())
                                .isEqualTo("Could not find operation ListStreams for version 2013-12-02"));
    }

    @Test
    void errorsBeforeTheApiIsChosenAreInTheNamespaceOfTheVersionsApi() {
        assertThat(router.namespaceOf("2011-06-15")).isEqualTo("https://sts.example/doc/");
        assertThat(router.namespaceOf("2000-01-01")).isEqualTo(QueryErrors.FAULT_NAMESPACE);
        assertThat(router.namespaceOf(null)).isEqualTo(QueryErrors.FAULT_NAMESPACE);
    }
}

package io.millrace.gateway.protocol.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millrace.gateway.protocol.ApiException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class QueryFormTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static QueryForm form(String body) {
        return QueryForm.fromBody(body.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    @Test
    void actionAndVersionAreReadAndLeftOutOfTheBody() throws Exception {
        QueryForm form = form("Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fr");

        assertThat(form.action()).isEqualTo("AssumeRole");
        assertThat(form.version()).isEqualTo("2011-06-15");
        assertThat(form.body()).isEqualTo(json("{'RoleArn':'arn:aws:iam::1:role/r'}"));
    }

    @Test
    void missingActionAndVersionAreNullAndAFirstValueWins() {
        assertThat(form("Version=2011-06-15").action()).isNull();
        assertThat(form("Action=GetCallerIdentity").version()).isNull();
        QueryForm twice = form("Action=GetCallerIdentity&Action=Other&Version=2011-06-15&Version=2000-01-01&A=1&A=2");
        assertThat(twice.action()).isEqualTo("GetCallerIdentity");
        assertThat(twice.version()).isEqualTo("2011-06-15");
        assertThat(twice.body().get("A").asText()).isEqualTo("1");
    }

    @Test
    void listsOfStructuresAndOfScalarsAreOrderedByIndexWithGapsClosed() throws Exception {
        QueryForm form = form(
                "Tags.member.2.Key=b&Tags.member.2.Value=2&Tags.member.1.Key=a&Tags.member.1.Value=1"
                        + "&Tags.member.10.Key=c&Tags.member.10.Value=3&TransitiveTagKeys.member.3=y&TransitiveTagKeys.member.1=x");

        assertThat(form.body())
                .isEqualTo(json("{'Tags':[{'Key':'a','Value':'1'},{'Key':'b','Value':'2'},{'Key':'c','Value':'3'}],"
                        + "'TransitiveTagKeys':['x','y']}"));
    }

    @Test
    void nestedListsStructuresAndMapsBuildOneTree() throws Exception {
        QueryForm form = form("Namespace=App&MetricData.member.1.MetricName=Latency"
                + "&MetricData.member.1.Dimensions.member.1.Name=Host&MetricData.member.1.Dimensions.member.1.Value=h1"
                + "&MetricData.member.1.Dimensions.member.2.Name=Zone&MetricData.member.1.Dimensions.member.2.Value=z"
                + "&MetricData.member.1.StatisticValues.Sum=12.5&MetricData.member.1.Value=3"
                + "&Attributes.entry.2.key=k2&Attributes.entry.2.value=v2&Attributes.entry.1.key=k1"
                + "&Attributes.entry.1.value=v1&Nested.entry.1.key=s&Nested.entry.1.value.Type=T");

        assertThat(form.body())
                .isEqualTo(json("{'Namespace':'App','MetricData':[{'MetricName':'Latency','Dimensions':"
                        + "[{'Name':'Host','Value':'h1'},{'Name':'Zone','Value':'z'}],"
                        + "'StatisticValues':{'Sum':'12.5'},'Value':'3'}],"
                        + "'Attributes':{'k1':'v1','k2':'v2'},'Nested':{'s':{'Type':'T'}}}"));
    }

    @Test
    void valuesAreFormDecodedAndStayStrings() throws Exception {
        QueryForm form = form("Policy=%7B%22a%22%3A+1%7D&Plus=%2B&Empty=&Bare&Unicode=%C3%A9%E2%82%AC&Count=3");

        assertThat(form.body())
                .isEqualTo(
                        json("{'Policy':'{\\'a\\': 1}','Plus':'+','Empty':'','Bare':'','Unicode':'é€','Count':'3'}"));
        assertThat(form.body().get("Count").isTextual()).isTrue();
    }

    @Test
    void aGetFormLeavesOutThePresignParameters() throws Exception {
        QueryForm form = QueryForm.fromQueryString("Action=GetCallerIdentity&Version=2011-06-15"
                + "&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20261206%2Fus-east-1%2Fsts%2Faws4_request"
                + "&X-Amz-Date=20261206T000000Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Signature=ab"
                + "&X-Amz-Security-Token=t&DurationSeconds=900");

        assertThat(form.action()).isEqualTo("GetCallerIdentity");
        assertThat(form.body()).isEqualTo(json("{'DurationSeconds':'900'}"));
    }

    @Test
    void malformedFormsAreInvalidQueryParameter() {
        for (String body : new String[] {
            "Action=X&Name=%zz",
            "Action=X&Name=%4",
            "Action=X&Name=%C3",
            "Action=X&Tags.member.x.Key=a",
            "Action=X&Tags.member.=a",
            "Action=X&Tags.member.12345678901.Key=a",
            "Action=X&Tags.member=a",
            "Action=X&A=1&A.member.1=2",
            "Action=X&A.member.1=1&A.entry.1.key=2",
            "Action=X&A..B=1",
            "Action=X&M.entry.1.key=k",
            "Action=X&" + "A.".repeat(70) + "B=1"
        }) {
            assertThatThrownBy(() -> form(body)).as(body).isInstanceOfSatisfying(ApiException.class, e -> {
                assertThat(e.type()).isEqualTo("InvalidQueryParameter");
                assertThat(e.status()).isEqualTo(400);
            });
        }
    }
}

package io.millrace.console.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class KinesisMetricQueriesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void oneGetMetricDataAsksForTheStreamsSevenSeriesAndTwoPerConsumer() {
        ObjectNode input = JsonNodeFactory.instance.objectNode();
        new KinesisMetricQueries("orders", List.of("audit", "billing"), 60).fill(input, 1200, 4800);

        assertThat(input.path("StartTime").asLong()).isEqualTo(1200);
        assertThat(input.path("EndTime").asLong()).isEqualTo(4800);
        JsonNode queries = input.path("MetricDataQueries");
        assertThat(queries).hasSize(11);
        assertThat(queries.get(0).toString())
                .isEqualTo("{\"Id\":\"incomingBytes\",\"MetricStat\":{\"Metric\":{\"Namespace\":\"AWS/Kinesis\","
                        + "\"MetricName\":\"IncomingBytes\",\"Dimensions\":[{\"Name\":\"StreamName\","
                        + "\"Value\":\"orders\"}]},\"Period\":60,\"Stat\":\"Sum\"}}");
        assertThat(queries.get(6).path("MetricStat").path("Stat").asText()).isEqualTo("Maximum");
        assertThat(queries.get(10).toString())
                .contains("\"Id\":\"millisBehindLatest1\"")
                .contains("SubscribeToShardEvent.MillisBehindLatest")
                .contains("{\"Name\":\"ConsumerName\",\"Value\":\"billing\"},{\"Name\":\"StreamName\"");
    }

    @Test
    void countsBecomeRatesOverTheGridAgesStayMaximaAndIdleConsumersAreLeftOut() throws Exception {
        KinesisMetricQueries queries = new KinesisMetricQueries("orders", List.of("audit", "idle"), 60);
        JsonNode output = JSON.readTree("""
                {"MetricDataResults":[
                 {"Id":"incomingBytes","Timestamps":[1200,1320],"Values":[600,1200]},
                 {"Id":"readThrottled","Timestamps":[1320],"Values":[30]},
                 {"Id":"writeThrottled","Timestamps":[1320],"Values":[6]},
                 {"Id":"iteratorAgeMillis","Timestamps":[1260],"Values":[250]},
                 {"Id":"fanOutBytes0","Timestamps":[1260],"Values":[120]},
                 {"Id":"millisBehindLatest0","Timestamps":[],"Values":[]},
                 {"Id":"fanOutBytes1","Timestamps":[],"Values":[]},
                 {"Id":"millisBehindLatest1","Timestamps":[],"Values":[]}]}
                """);
        ObjectNode chart = JsonNodeFactory.instance.objectNode();

        queries.chart(output, 1200, chart);

        assertThat(chart.path("t").toString()).isEqualTo("[1200,1260,1320]");
        assertThat(chart.path("incomingBytes").toString()).isEqualTo("[10.0,0.0,20.0]");
        assertThat(chart.path("incomingRecords").toString()).isEqualTo("[0.0,0.0,0.0]");
        assertThat(chart.path("throttled").toString()).isEqualTo("[0.0,0.0,0.6]");
        assertThat(chart.path("iteratorAgeMillis").toString()).isEqualTo("[null,250.0,null]");
        assertThat(chart.path("consumers").toString())
                .isEqualTo("{\"audit\":{\"fanOutBytes\":[0.0,2.0,0.0],\"millisBehindLatest\":[null,null,null]}}");
    }

    @Test
    void noDatapointIsNoPoint() throws Exception {
        ObjectNode chart = JsonNodeFactory.instance.objectNode();
        new KinesisMetricQueries("quiet", List.of(), 60)
                .chart(
                        JSON.readTree("{\"MetricDataResults\":[{\"Id\":\"incomingBytes\",\"Timestamps\":[],"
                                + "\"Values\":[]}]}"),
                        1200,
                        chart);
        assertThat(chart.path("t")).isEmpty();
        assertThat(chart.path("incomingBytes")).isEmpty();
    }
}

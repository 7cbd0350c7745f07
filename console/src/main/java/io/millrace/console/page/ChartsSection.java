package io.millrace.console.page;

import static io.millrace.console.page.Html.url;

/**
 * A stream page's monitoring section: the figures the page's script draws into, and where their data comes from,
 * said on the page: the CloudWatch API's aggregates of every gateway, a point a minute, or only this gateway's
 * traffic, a point every 5 s, where the gateway does not host that API.
 */
final class ChartsSection {

    private ChartsSection() {}

    static String render(String stream, boolean clusterWide, int refreshSeconds) {
        String source = clusterWide
                ? "CloudWatch <code>AWS/Kinesis</code>, all gateways, last hour, a point a minute"
                : "this gateway's traffic only, last hour, a point every 5 s";
        String rate = clusterWide ? " (each minute's Sum / 60)" : "";
        return """
                <h2>Monitoring <small id="charts-source" data-cluster-wide="%s">(%s)</small></h2>
                <div class="charts" data-src="/console/api/streams/%s/metrics" data-refresh="%d">
                  <p id="charts-error" class="error" hidden></p>
                  <figure id="chart-bytes"><figcaption>Bytes per second%s: incoming, GetRecords</figcaption></figure>
                  <figure id="chart-records"><figcaption>Records per second%s: incoming, GetRecords; throttled</figcaption></figure>
                  <figure id="chart-age"><figcaption>Iterator age (ms, largest)</figcaption></figure>
                  <figure id="chart-fanout-bytes" class="by-consumer"><figcaption>Fan-out bytes per second%s, by consumer</figcaption></figure>
                  <figure id="chart-fanout-age" class="by-consumer"><figcaption>Fan-out MillisBehindLatest (ms, largest), by consumer</figcaption></figure>
                </div>
                """.formatted(clusterWide, source, url(stream), refreshSeconds, rate, rate, rate);
    }
}

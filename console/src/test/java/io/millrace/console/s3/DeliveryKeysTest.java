package io.millrace.console.s3;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Keys as firehose-sink's ObjectKeys names them, told apart as the delivery stream's page lists them. */
class DeliveryKeysTest {

    private static final String OBJECT = "orders-1-2026-12-07-08-00-00-0f8fad5b-d9cb-469f-a165-70867728950e";

    @Test
    void dataAndErrorsUnderTheirOwnPrefixes() {
        DeliveryKeys keys = DeliveryKeys.of("orders", "data/", "failed/");
        assertThat(keys.isData("data/2026/12/07/08/" + OBJECT)).isTrue();
        assertThat(keys.isError("failed/processing-failed/2026/12/07/08/" + OBJECT))
                .isTrue();
        assertThat(keys.isData("failed/processing-failed/2026/12/07/08/" + OBJECT))
                .isFalse();
    }

    @Test
    void withoutAnErrorPrefixErrorsGoUnderThePrefixInTheirTypesFolder() {
        DeliveryKeys keys = DeliveryKeys.of("orders", "data/", "");
        assertThat(keys.isData("data/2026/12/07/08/" + OBJECT)).isTrue();
        assertThat(keys.isError("data/format-conversion-failed/2026/12/07/08/" + OBJECT))
                .isTrue();
        assertThat(keys.isData("data/format-conversion-failed/2026/12/07/08/" + OBJECT))
                .isFalse();
        assertThat(keys.isError("data/2026/12/07/08/" + OBJECT)).isFalse();
    }

    @Test
    void aPrefixsExpressionsAreListedFromItsFixedStart() {
        DeliveryKeys keys = DeliveryKeys.of(
                "orders",
                "year=!{timestamp:yyyy}/customer=!{partitionKeyFromQuery:c}/",
                "errors/!{firehose:error-output-type}/");
        assertThat(keys.dataBase()).isEqualTo("year=");
        assertThat(keys.errorBase()).isEqualTo("errors/");
        assertThat(keys.isData("year=2026/customer=7/" + OBJECT)).isTrue();
    }

    @Test
    void onlyTheStreamsOwnObjectsAreServed() {
        DeliveryKeys keys = DeliveryKeys.of("orders", "", "");
        assertThat(keys.isServed("2026/12/07/08/" + OBJECT)).isTrue();
        assertThat(keys.isServed("2026/12/07/08/invoices-1-2026-12-07-08-00-00-x"))
                .isFalse();
        assertThat(keys.isServed("secrets.txt")).isFalse();
    }
}

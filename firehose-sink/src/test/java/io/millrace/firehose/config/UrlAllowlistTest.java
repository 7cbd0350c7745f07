package io.millrace.firehose.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which function URLs an operator's allowlist lets a caller name, and the tricks that must not get through. */
class UrlAllowlistTest {

    @Test
    void aUrlPrefixAllowsItsPathAndBelowOnTheSameSchemeHostAndPort() {
        UrlAllowlist list = UrlAllowlist.parse(List.of("https://fn.example.com/transform"));
        assertThat(list.allows("https://fn.example.com/transform")).isTrue();
        assertThat(list.allows("https://FN.example.com:443/transform/v2?x=1")).isTrue();

        assertThat(list.allows("https://fn.example.com/transformer")).isFalse();
        assertThat(list.allows("https://fn.example.com/other")).isFalse();
        assertThat(list.allows("http://fn.example.com/transform")).isFalse();
        assertThat(list.allows("https://fn.example.com:8443/transform")).isFalse();
        assertThat(list.allows("https://fn.example.com.evil.test/transform")).isFalse();
        assertThat(list.allows("https://fn.example.com@169.254.169.254/transform"))
                .isFalse();
    }

    @Test
    void aHostPatternAllowsAnyPathOnEitherSchemeAndItsPortOrAny() {
        UrlAllowlist list = UrlAllowlist.parse(List.of("fn.example.com", "127.0.0.1:9999", "*.functions.test"));
        assertThat(list.allows("http://fn.example.com:8080/x")).isTrue();
        assertThat(list.allows("https://fn.example.com/")).isTrue();
        assertThat(list.allows("http://127.0.0.1:9999/transform")).isTrue();
        assertThat(list.allows("https://a.b.functions.test/f")).isTrue();

        assertThat(list.allows("http://127.0.0.1:8083/connectors")).isFalse();
        assertThat(list.allows("http://functions.test/f")).isFalse();
        assertThat(list.allows("http://evilfunctions.test/f")).isFalse();
        assertThat(list.allows("http://user:pw@fn.example.com/")).isFalse();
        assertThat(list.allows("ftp://fn.example.com/")).isFalse();
    }

    @Test
    void anEmptyListAllowsNothingAndABadEntryIsNamed() {
        assertThat(UrlAllowlist.parse(List.of()).allows("http://127.0.0.1/")).isFalse();
        assertThatThrownBy(() -> UrlAllowlist.parse(List.of("fn.example.com", "ftp://files.example.com/")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'ftp://files.example.com/'");
        assertThatThrownBy(() -> UrlAllowlist.parse(List.of("fn.example.com/path")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

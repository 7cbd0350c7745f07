package io.millrace.kinesis.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TopicNamesTest {

    @Test
    void dotsAndUnderscoresCollideButEqualNamesDoNot() {
        assertThat(TopicNames.collide("a.b", "a_b")).isTrue();
        assertThat(TopicNames.collide("a_b", "a.b")).isTrue();
        assertThat(TopicNames.collide("a.b", "a.b")).isFalse();
        assertThat(TopicNames.collide("a.b", "a-b")).isFalse();
    }

    @Test
    void aFreeNameIsKeptAndATakenOneSuffixed() {
        Iterator<String> suffixes = List.of("11111111", "22222222").iterator();
        assertThat(TopicNames.choose("x.y", Set.of("other"), suffixes::next)).isEqualTo("x.y");
        assertThat(TopicNames.choose("x.y", Set.of("x_y"), suffixes::next)).isEqualTo("x.y-11111111");
        // A suffixed name that is itself taken (or colliding) is skipped.
        assertThat(TopicNames.choose(".", Set.of(), List.of("44444444").iterator()::next))
                .isEqualTo(".-44444444");
        assertThat(TopicNames.choose("..", Set.of(), List.of("55555555").iterator()::next))
                .isEqualTo("..-55555555");
        Iterator<String> more = List.of("22222222", "33333333").iterator();
        assertThat(TopicNames.choose("x.y", Set.of("x.y", "x_y-22222222"), more::next))
                .isEqualTo("x.y-33333333");
    }
}

package io.millrace.kinesis.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopicReplicationTest {

    @Test
    void oneBrokerKeepsOneCopyAndAcknowledgesAlone() {
        assertThat(TopicReplication.of(1, (short) -1, -1)).isEqualTo(new TopicReplication((short) 1, 1));
    }

    @Test
    void twoBrokersKeepTwoCopiesAndSurviveEitherOne() {
        assertThat(TopicReplication.of(2, (short) -1, -1)).isEqualTo(new TopicReplication((short) 2, 1));
    }

    @Test
    void threeOrMoreBrokersKeepThreeCopiesAndAcknowledgeOnTwo() {
        assertThat(TopicReplication.of(3, (short) -1, -1)).isEqualTo(new TopicReplication((short) 3, 2));
        assertThat(TopicReplication.of(30, (short) -1, -1)).isEqualTo(new TopicReplication((short) 3, 2));
    }

    @Test
    void configuredValuesWinOverTheBrokerCount() {
        assertThat(TopicReplication.of(5, (short) 5, -1)).isEqualTo(new TopicReplication((short) 5, 2));
        assertThat(TopicReplication.of(3, (short) -1, 3)).isEqualTo(new TopicReplication((short) 3, 3));
        assertThat(TopicReplication.of(1, (short) 2, 1)).isEqualTo(new TopicReplication((short) 2, 1));
    }
}

package io.millrace.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** The compare-and-set rules every gateway applies to a key space, record by record. */
class VersionedViewTest {

    private static final String KEY = Entry.key("orders");

    private final VersionedView<Entry> view = new VersionedView<>(Entry.FORMAT);

    private boolean apply(Entry entry) {
        return view.apply(Entry.key(entry.name()), entry.bytes(), new RecordHeaders());
    }

    private boolean tombstone(String incarnation) {
        RecordHeaders headers = new RecordHeaders();
        if (incarnation != null) {
            headers.add("millrace.incarnation", incarnation.getBytes(StandardCharsets.UTF_8));
        }
        return view.apply(KEY, null, headers);
    }

    @Test
    void aWriteWinsOnlyOnTopOfTheVersionBeforeIt() {
        assertThat(apply(new Entry("orders", "a", 1, "created"))).isTrue();
        assertThat(apply(new Entry("orders", "a", 2, "first"))).isTrue();
        // A writer that read version 1 and lost the race: ignored, and the key is marked for repair.
        assertThat(apply(new Entry("orders", "a", 2, "second"))).isFalse();
        assertThat(apply(new Entry("orders", "a", 4, "skipped"))).isFalse();
        assertThat(view.get(KEY).orElseThrow().data()).isEqualTo("first");
        assertThat(view.keysToRepair()).containsExactly(KEY);
        // A concurrent create of another incarnation loses too.
        assertThat(apply(new Entry("orders", "b", 1, "other"))).isFalse();
        // Re-publishing the current state (a repair) is accepted and clears the mark.
        assertThat(apply(new Entry("orders", "a", 2, "first"))).isTrue();
        assertThat(view.keysToRepair()).isEmpty();
    }

    @Test
    void afterCompactionAnyVersionOfALiveIncarnationIsABase() {
        assertThat(apply(new Entry("orders", "a", 7, "compacted"))).isTrue();
        assertThat(view.get(KEY).orElseThrow().version()).isEqualTo(7);
    }

    @Test
    void aTombstoneRemovesOnlyTheIncarnationItNames() {
        apply(new Entry("orders", "a", 1, "created"));
        assertThat(tombstone("other")).isFalse();
        assertThat(tombstone(null)).isFalse();
        assertThat(view.get(KEY)).isPresent();
        assertThat(tombstone("a")).isTrue();
        assertThat(view.get(KEY)).isEmpty();
        assertThat(view.isDeletedIncarnation("a")).isTrue();
        // A late update to the deleted incarnation must not bring it back; a new incarnation may take the name.
        assertThat(apply(new Entry("orders", "a", 2, "late"))).isFalse();
        assertThat(view.get(KEY)).isEmpty();
        assertThat(apply(new Entry("orders", "c", 1, "new"))).isTrue();
    }

    @Test
    void withoutIncarnationsATombstoneRemovesWhateverTheKeyHolds() {
        apply(new Entry("orders", null, 1, "created"));
        apply(new Entry("orders", null, 2, "changed"));
        assertThat(tombstone(null)).isTrue();
        assertThat(view.values()).isEmpty();
        assertThat(apply(new Entry("orders", null, 5, "again"))).isTrue();
    }

    @Test
    void anUndecodableRecordIsSkippedAndItsKeyKeepsItsState() {
        apply(new Entry("orders", "a", 1, "created"));
        assertThat(view.apply(KEY, new byte[] {1, 2, 3}, null)).isFalse();
        assertThat(view.get(KEY).orElseThrow().data()).isEqualTo("created");
        // It may be a newer release's record: a repair would overwrite it.
        assertThat(view.keysToRepair()).isEmpty();
    }

    @Test
    void aValueUnderAnotherKeyLoses() {
        assertThat(view.apply(Entry.key("other"), new Entry("orders", "a", 1, "x").bytes(), null))
                .isFalse();
        assertThat(view.values()).isEmpty();
    }

    @Test
    void listenersHearEveryChangeAndKeysComeInOrder() {
        List<String> changed = new ArrayList<>();
        view.onChange(changed::add);
        apply(new Entry("b", "i", 1, "x"));
        apply(new Entry("a", "i", 1, "x"));
        apply(new Entry("a", "i", 3, "lost"));
        assertThat(changed).containsExactly(Entry.key("b"), Entry.key("a"));
        assertThat(view.values()).extracting(Entry::name).containsExactly("a", "b");
        assertThat(view.withPrefix(Entry.key("b"))).extracting(Entry::name).containsExactly("b");
    }

    @Test
    void theIncarnationHeaderKeepsItsWireName() {
        // Gateways of earlier releases write and read this header: the name is part of the topic's format.
        assertThat(VersionedStore.INCARNATION_HEADER).isEqualTo("millrace.incarnation");
    }
}

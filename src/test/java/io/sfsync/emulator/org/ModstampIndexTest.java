package io.sfsync.emulator.org;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The SystemModstamp index answers the windows getUpdated / getDeleted and watermark queries ask for. */
class ModstampIndexTest {

    private static Object[] row(long stamp) {
        return new Object[] {stamp};
    }

    @Test
    void a_window_includes_its_start_excludes_its_end_and_lists_rows_in_id_order() {
        ModstampIndex index = new ModstampIndex(0);
        long[] stamps = {500, 100, 300, 300, 200, 100};
        for (int pos = 0; pos < stamps.length; pos++) {
            index.update(pos, null, row(stamps[pos]));
        }
        assertThat(index.positionsBetween(100, 300)).containsExactly(1, 4, 5);
        assertThat(index.positionsBetween(300, 301)).containsExactly(2, 3);
        assertThat(index.positionsBetween(300, 300)).isEmpty();
        assertThat(index.positionsBetween(600, 100)).isEmpty();
        assertThat(index.positionsFrom(300)).containsExactly(0, 2, 3);

        index.update(1, row(100), row(700)); // row 1 changed again: it leaves the old window
        assertThat(index.positionsBetween(100, 300)).containsExactly(4, 5);
        assertThat(index.positionsFrom(500)).containsExactly(0, 1);
        index.update(0, row(500), null); // a row removed from the index
        assertThat(index.positionsFrom(500)).containsExactly(1);
    }
}

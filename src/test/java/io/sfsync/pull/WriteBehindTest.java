package io.sfsync.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pages are written one at a time, in order, off the fetching thread; a failed write fails the next call. */
class WriteBehindTest {

    @Test
    void pages_are_written_in_order_on_a_thread_of_their_own() throws Exception {
        WriteBehind writer = new WriteBehind("Lead");
        List<String> written = Collections.synchronizedList(new ArrayList<>());
        for (int page = 1; page <= 5; page++) {
            int p = page;
            writer.submit(() -> written.add(p + " on " + Thread.currentThread().getName()));
        }
        writer.await();
        writer.close();
        assertThat(written).containsExactly("1 on sfsync-write-Lead", "2 on sfsync-write-Lead", "3 on sfsync-write-Lead",
                "4 on sfsync-write-Lead", "5 on sfsync-write-Lead");
    }

    @Test
    void a_failed_write_is_rethrown_by_the_next_call_and_the_next_page_is_not_written() throws Exception {
        WriteBehind writer = new WriteBehind("Lead");
        List<Integer> written = Collections.synchronizedList(new ArrayList<>());
        writer.submit(() -> {
            throw new SQLException("disk full", "53100");
        });
        assertThatThrownBy(() -> writer.submit(() -> written.add(2)))
                .isInstanceOf(SQLException.class).hasMessage("disk full");
        writer.close();
        assertThat(written).isEmpty();
    }
}

package io.sfsync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.RestError;
import org.junit.jupiter.api.Test;

class TransientErrorsTest {

    private final TransientErrors errors = new TransientErrors();

    /** What camel-salesforce throws when the connection closes before the answer is complete. */
    private static SalesforceException dropped() {
        return new SalesforceException("Unexpected error {200:OK} executing "
                + "{GET:https://emu.local:8443/services/data/v62.0/query/01gX-2000?batchSize=2000}", 200,
                new EOFException("reset"));
    }

    private static SalesforceException answered(int status, String code) {
        return new SalesforceException(List.of(new RestError(code, "some message")), status);
    }

    @Test
    void unavailable_locked_dropped_and_timed_out_calls_are_transient() {
        assertThat(errors.isTransient(answered(503, "SERVER_UNAVAILABLE"))).isTrue();
        assertThat(errors.isTransient(answered(400, "UNABLE_TO_LOCK_ROW"))).isTrue();
        assertThat(errors.isTransient(dropped())).isTrue();
        assertThat(errors.isTransient(new SalesforceException("Unexpected error {0:null} executing {GET:https://x/y}", 0,
                new TimeoutException("Total timeout 60000 ms elapsed")))).isTrue();
        assertThat(errors.isTransient(new RuntimeException("wrapped", dropped()))).isTrue();
    }

    @Test
    void rejected_requests_and_database_errors_are_not_transient() {
        assertThat(errors.isTransient(answered(400, "INVALID_FIELD"))).isFalse();
        assertThat(errors.isTransient(answered(404, "NOT_FOUND"))).isFalse();
        assertThat(errors.isTransient(new SQLException("integrity constraint violation", "23505"))).isFalse();
        assertThat(errors.isTransient(new IllegalStateException("no mapping"))).isFalse();
        assertThat(errors.isTransient(new SQLException("write failed", dropped()))).isFalse();
    }

    @Test
    void a_dropped_connection_is_said_in_words_with_the_request_and_the_retries() {
        assertThat(ErrorText.describe(errors.gaveUp(dropped(), 3))).isEqualTo("the connection to Salesforce was dropped "
                + "while reading the response to GET /services/data/v62.0/query/01gX-2000 (reset) (after 3 retries)");
        assertThat(ErrorText.describe(errors.gaveUp(answered(503, "SERVER_UNAVAILABLE"), 1))).endsWith("(after 1 retry)");
        assertThat(ErrorText.describe(new SalesforceException("Unexpected error {0:null} executing "
                + "{GET:https://emu.local/services/data/v62.0/limits}", 0, new TimeoutException("Total timeout 60000 ms elapsed"))))
                .isEqualTo("the call to Salesforce (GET /services/data/v62.0/limits) timed out (Total timeout 60000 ms elapsed)");
        assertThat(ErrorText.describe(new IllegalStateException("outer", new SQLException("inner"))))
                .isEqualTo("outer: inner");
    }
}

package io.sfsync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.RestError;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class SalesforceErrorCodeTest {

    /** What camel-salesforce's raw operation throws: Salesforce's error body in the message, no parsed errors. */
    private static SalesforceException raw(String code) {
        return new SalesforceException("[{\"message\":\"startDate must be on or after earliestDateAvailable\","
                + "\"errorCode\":\"" + code + "\"}]", 400);
    }

    @Test
    void the_code_is_found_in_parsed_errors_in_a_raw_answer_and_through_causes() {
        SalesforceException parsed = new SalesforceException(List.of(new RestError("INVALID_REPLICATION_DATE", "too old")), 400);
        assertThat(SalesforceErrors.hasCode(parsed, "INVALID_REPLICATION_DATE")).isTrue();
        assertThat(SalesforceErrors.hasCode(raw("INVALID_REPLICATION_DATE"), "INVALID_REPLICATION_DATE")).isTrue();
        assertThat(SalesforceErrors.hasCode(new IllegalStateException("step failed", raw("INVALID_REPLICATION_DATE")),
                "INVALID_REPLICATION_DATE")).isTrue();
    }

    @Test
    void another_code_or_the_code_in_free_text_is_not_that_error() {
        assertThat(SalesforceErrors.hasCode(raw("INVALID_FIELD"), "INVALID_REPLICATION_DATE")).isFalse();
        assertThat(SalesforceErrors.hasCode(new SalesforceException("INVALID_REPLICATION_DATE was mentioned", 400),
                "INVALID_REPLICATION_DATE")).isFalse();
        assertThat(SalesforceErrors.hasCode(new RuntimeException("INVALID_REPLICATION_DATE"), "INVALID_REPLICATION_DATE"))
                .isFalse();
        assertThat(SalesforceErrors.hasCode(null, "INVALID_REPLICATION_DATE")).isFalse();
    }

    @Test
    void the_route_predicate_looks_at_the_failure_being_handled_or_the_one_caught() {
        SalesforceErrorCode predicate = new SalesforceErrorCode("INVALID_REPLICATION_DATE");
        Exchange failing = new DefaultExchange(new DefaultCamelContext());
        failing.setException(raw("INVALID_REPLICATION_DATE"));
        Exchange caught = new DefaultExchange(new DefaultCamelContext());
        caught.setProperty(ExchangePropertyKey.EXCEPTION_CAUGHT, raw("INVALID_REPLICATION_DATE"));
        Exchange other = new DefaultExchange(new DefaultCamelContext());
        other.setException(raw("UNABLE_TO_LOCK_ROW"));

        assertThat(predicate.matches(failing)).isTrue();
        assertThat(predicate.matches(caught)).isTrue();
        assertThat(predicate.matches(other)).isFalse();
        assertThat(predicate.matches(new DefaultExchange(new DefaultCamelContext()))).isFalse();
    }
}

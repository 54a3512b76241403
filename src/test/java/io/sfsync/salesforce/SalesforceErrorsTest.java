package io.sfsync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.List;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.RestError;
import org.junit.jupiter.api.Test;

class SalesforceErrorsTest {

    private static final String URL = "https://login.salesforce.com";

    @Test
    void a_refused_password_names_user_url_code_and_the_keys_to_check() {
        SalesforceException e = new SalesforceException(List.of(new RestError("invalid_grant",
                "Login error code:[invalid_grant] description:[authentication failure]")), 400);

        RuntimeException r = SalesforceErrors.atConnect(e, URL, "sync@example.com");

        assertThat(r).isInstanceOf(LoginRefusedException.class).hasMessage("Salesforce refused the login for user "
                + "'sync@example.com' at https://login.salesforce.com: invalid_grant (authentication failure); check "
                + "sfsync.salesforce.username and sfsync.salesforce.password (the password followed by the security token)");
    }

    @Test
    void a_refused_client_points_at_the_client_keys() {
        SalesforceException e = new SalesforceException(List.of(new RestError("invalid_client_id",
                "Login error code:[invalid_client_id] description:[client identifier invalid]")), 400);

        assertThat(SalesforceErrors.atConnect(e, URL, "u")).isInstanceOf(LoginRefusedException.class)
                .hasMessageContaining("invalid_client_id (client identifier invalid)")
                .hasMessageContaining("check sfsync.salesforce.client-id and sfsync.salesforce.client-secret");
    }

    @Test
    void a_login_url_nobody_answers_is_unavailable_not_a_configuration_mistake() {
        SalesforceException refused = new SalesforceException("Unexpected login error: Connection refused",
                new ConnectException("Connection refused"));
        SalesforceException unknown = new SalesforceException("Unexpected login error",
                new UnknownHostException("nosuch.invalid: Name or service not known"));

        assertThat(SalesforceErrors.atConnect(refused, URL, "u")).isInstanceOf(SalesforceUnavailableException.class)
                .hasMessage("Salesforce does not answer at https://login.salesforce.com (Connection refused); "
                        + "check sfsync.salesforce.login-url and the network (proxy, firewall)");
        assertThat(SalesforceErrors.atConnect(unknown, URL, "u")).hasMessageContaining("(unknown host nosuch.invalid");
    }

    @Test
    void an_exhausted_api_budget_is_said_in_words_not_as_an_exchange() {
        SalesforceException limit = new SalesforceException(List.of(new RestError("REQUEST_LIMIT_EXCEEDED",
                "TotalRequests Limit exceeded.")), 403);
        CamelExecutionException wrapped = new CamelExecutionException(
                "Exception occurred during execution on the exchange: Exchange[]", null, limit);

        assertThat(ErrorText.describe(wrapped)).startsWith("Salesforce's API request limit is used up "
                + "(REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded.)").doesNotContain("Exchange[");
        assertThat(SalesforceErrors.atConnect(wrapped, URL, "u")).isInstanceOf(SalesforceUnavailableException.class)
                .hasMessageContaining("REQUEST_LIMIT_EXCEEDED");
    }

    @Test
    void a_request_error_after_the_login_is_not_taken_for_unavailability() {
        SalesforceException notFound = new SalesforceException(List.of(new RestError("NOT_FOUND",
                "The requested resource does not exist")), 404);

        assertThat(SalesforceErrors.unavailable(notFound, URL, "u")).isNull();
        assertThat(SalesforceErrors.unavailable(new SalesforceException("down", 503), URL, "u"))
                .isInstanceOf(SalesforceUnavailableException.class).hasMessageContaining("HTTP 503");
    }

    @Test
    void other_failures_keep_every_cause_in_the_step_message() {
        assertThat(ErrorText.describe(new IllegalStateException("outer", new RuntimeException("inner"))))
                .isEqualTo("outer: inner");
    }
}

package io.sfsync.salesapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sfsync.config.ConfigException;
import io.sfsync.config.ConfigLoader;
import io.sfsync.config.SfsyncSettings;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The sales activity types (A3) and sfsync.sales-app.task-activity-types. */
class SalesActivityTypeTest {

    @Test
    void the_default_task_types_are_sent_emails_and_received_calls() {
        assertThat(SalesApp.taskTypes(settings(null))).containsExactly(SalesActivityType.SEND_SALES_EMAIL,
                SalesActivityType.RECEIVED_SALES_CALL);
    }

    @Test
    void task_types_are_read_ignoring_case_and_blanks_and_may_be_none() {
        assertThat(SalesApp.taskTypes(settings(" open sales email , Added to Sales Campaign")))
                .containsExactly(SalesActivityType.OPEN_SALES_EMAIL, SalesActivityType.ADDED_TO_SALES_CAMPAIGN);
        assertThat(SalesApp.taskTypes(settings(""))).isEmpty();
    }

    @Test
    void an_unknown_task_type_stops_start_up_naming_the_key_and_the_types() {
        assertThatThrownBy(() -> SalesApp.taskTypes(settings("Send Sales Email,Fax Sent")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("configuration key 'sfsync.sales-app.task-activity-types': 'Fax Sent' is no sales activity "
                        + "type; the types are: Send Sales Email, Open Sales Email, Click Sales Email, Reply to Sales "
                        + "Email, Sales Email Bounced, Received Sales Call, Added to Sales Campaign, Removed from Sales "
                        + "Campaign");
    }

    @Test
    void task_subjects_follow_salesforce_style_for_logged_activities() {
        assertThat(SalesActivityType.SEND_SALES_EMAIL.taskSubject(" Q4 offer ")).isEqualTo("Email: Q4 offer");
        assertThat(SalesActivityType.RECEIVED_SALES_CALL.taskSubject(null)).isEqualTo("Call");
        assertThat(SalesActivityType.SEND_SALES_EMAIL.taskSubject("x".repeat(300))).hasSize(255);
    }

    private static SfsyncSettings settings(String taskTypes) {
        Properties p = ConfigLoader.load(null, Map.of(), new Properties());
        if (taskTypes != null) {
            p.setProperty("sfsync.sales-app.task-activity-types", taskTypes);
        }
        return new SfsyncSettings(p);
    }
}

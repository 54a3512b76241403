package io.sfsync.emulator.soql;

import io.sfsync.emulator.SalesforceApiException;
import io.sfsync.emulator.org.Schema;
import io.sfsync.emulator.org.SfIds;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tokenizer, parser and binder: literals, precedence rules and Salesforce-formatted errors with positions. */
class SoqlSyntaxTest {

    private final Schema schema = Schema.load();

    private SalesforceApiException error(String soql) {
        try {
            SoqlCompiler.compile(soql, schema, Instant.parse("2026-11-23T12:00:00Z").toEpochMilli());
        } catch (SalesforceApiException e) {
            return e;
        }
        throw new AssertionError("expected an error for " + soql);
    }

    @Test
    void unknown_field_is_reported_like_salesforce() {
        SalesforceApiException e = error("SELECT Foo FROM Lead");
        assertThat(e.errorCode()).isEqualTo("INVALID_FIELD");
        assertThat(e.httpStatus()).isEqualTo(400);
        assertThat(e.getMessage()).isEqualTo("\nSELECT Foo FROM Lead\n       ^\nERROR at Row:1:Column:8\n"
                + "No such column 'Foo' on entity 'Lead'. If you are attempting to use a custom field, be sure to append"
                + " the '__c' after the custom field name. Please reference your WSDL or the describe call for the"
                + " appropriate names.");
    }

    @Test
    void unknown_object_is_invalid_type() {
        SalesforceApiException e = error("SELECT Id FROM Foo");
        assertThat(e.errorCode()).isEqualTo("INVALID_TYPE");
        assertThat(e.getMessage()).startsWith("\nSELECT Id FROM Foo\n               ^\nERROR at Row:1:Column:16\n"
                + "sObject type 'Foo' is not supported. If you are attempting to use a custom object, be sure to"
                + " append the '__c' after the entity name.");
    }

    @Test
    void syntax_errors_name_the_unexpected_token_and_its_position() {
        assertThat(error("SELECT Id Lead").getMessage())
                .isEqualTo("\nSELECT Id Lead\n          ^\nERROR at Row:1:Column:11\nunexpected token: 'Lead'");
        SalesforceApiException eof = error("SELECT Id FROM Lead WHERE");
        assertThat(eof.errorCode()).isEqualTo("MALFORMED_QUERY");
        assertThat(eof.getMessage()).endsWith("ERROR at Row:1:Column:26\nunexpected token: '<EOF>'");
        assertThat(error("SELECT Id FROM Lead LIMIT x").getMessage()).endsWith("unexpected token: 'x'");
        assertThat(error("SELECT Id, FROM Lead").getMessage()).endsWith("Column:12\nunexpected token: 'FROM'");
    }

    @Test
    void errors_on_later_lines_report_their_row_and_column() {
        SalesforceApiException e = error("SELECT Id\nFROM Lead\nWHERE Bogus = 1");
        assertThat(e.getMessage()).isEqualTo("\nWHERE Bogus = 1\n      ^\nERROR at Row:3:Column:7\nNo such column 'Bogus'"
                + " on entity 'Lead'. If you are attempting to use a custom field, be sure to append the '__c' after the"
                + " custom field name. Please reference your WSDL or the describe call for the appropriate names.");
    }

    @Test
    void mixing_and_with_or_without_parentheses_is_a_syntax_error() {
        SalesforceApiException e = error("SELECT Id FROM Lead WHERE LastName = 'a' AND Company = 'b' OR City = 'c'");
        assertThat(e.errorCode()).isEqualTo("MALFORMED_QUERY");
        assertThat(e.getMessage()).endsWith("unexpected token: 'OR'");
    }

    @Test
    void literal_type_must_match_the_field_type() {
        SalesforceApiException e = error("SELECT Id FROM Lead WHERE CreatedDate > '2020-01-01'");
        assertThat(e.errorCode()).isEqualTo("INVALID_FIELD");
        assertThat(e.getMessage()).endsWith("value of filter criterion for field 'CreatedDate' must be of type dateTime"
                + " and should not be enclosed in quotes");
        assertThat(error("SELECT Id FROM Lead WHERE LastName = 5").getMessage())
                .endsWith("must be of type string and should be enclosed in quotes");
        assertThat(error("SELECT Id FROM Lead WHERE DoNotCall = 'true'").getMessage())
                .endsWith("must be of type boolean and should not be enclosed in quotes");
        assertThat(error("SELECT Id FROM Lead WHERE CreatedDate > 2020-01-01").getMessage())
                .endsWith("must be of type dateTime and should not be enclosed in quotes");
    }

    @Test
    void malformed_id_literal_is_invalid_query_filter_operator() {
        SalesforceApiException e = error("SELECT Id FROM Lead WHERE Id = 'abc'");
        assertThat(e.errorCode()).isEqualTo("INVALID_QUERY_FILTER_OPERATOR");
        assertThat(e.getMessage()).endsWith("Column:32\ninvalid ID field: abc");
    }

    @Test
    void long_text_area_cannot_be_filtered_and_offset_is_capped() {
        assertThat(error("SELECT Id FROM Lead WHERE Description = 'x'").getMessage())
                .endsWith("field 'Description' can not be filtered in a query call");
        SalesforceApiException offset = error("SELECT Id FROM Lead LIMIT 10 OFFSET 2001");
        assertThat(offset.errorCode()).isEqualTo("NUMBER_OUTSIDE_VALID_RANGE");
        assertThat(error("SELECT Id, id FROM Lead").getMessage()).endsWith("duplicate field selected: Id");
    }

    @Test
    void string_literals_support_backslash_escapes() {
        var tokens = SoqlLexer.tokenize("'O\\'Brien' 'a\\\"b' 'c\\\\d' 'l1\\nl2\\r\\t\\b\\f' '\\u00e9t\\u00E9' '100\\%'");
        assertThat(tokens).extracting(SoqlLexer.Token::value).containsExactly(
                "O'Brien", "a\"b", "c\\d", "l1\nl2\r\t\b\f", "\u00e9t\u00e9", "100\\%", null);
        SalesforceApiException bad = error("SELECT Id FROM Lead WHERE LastName = 'a\\qb'");
        assertThat(bad.errorCode()).isEqualTo("MALFORMED_QUERY");
        assertThat(bad.getMessage()).contains("Illegal character sequence '\\q'");
        assertThat(error("SELECT Id FROM Lead WHERE LastName = 'open").errorCode()).isEqualTo("MALFORMED_QUERY");
    }

    @Test
    void number_date_and_date_time_literals_are_tokenized() {
        var tokens = SoqlLexer.tokenize("42 -7 3.25 2026-11-23 2026-11-23T05:26:51Z 2026-11-23T05:26:51.123Z "
                + "2026-11-23T06:26:51+01:00 2026-11-22T21:26:51-0800");
        assertThat(tokens).extracting(SoqlLexer.Token::kind).containsExactly(
                SoqlLexer.Kind.INTEGER, SoqlLexer.Kind.INTEGER, SoqlLexer.Kind.DECIMAL, SoqlLexer.Kind.DATE,
                SoqlLexer.Kind.DATETIME, SoqlLexer.Kind.DATETIME, SoqlLexer.Kind.DATETIME, SoqlLexer.Kind.DATETIME,
                SoqlLexer.Kind.EOF);
        assertThat(tokens.get(1).value()).hasToString("-7");
        assertThat(tokens.get(3).value()).isEqualTo(LocalDate.of(2026, 11, 23));
        long expected = Instant.parse("2026-11-23T05:26:51Z").toEpochMilli();
        assertThat(tokens.get(4).value()).isEqualTo(expected);
        assertThat(tokens.get(5).value()).isEqualTo(expected + 123);
        assertThat(tokens.get(6).value()).isEqualTo(expected);
        assertThat(tokens.get(7).value()).isEqualTo(expected);
    }

    @Test
    void date_time_literal_without_zone_is_rejected() {
        assertThat(error("SELECT Id FROM Lead WHERE CreatedDate > 2026-11-23T05:26:51").errorCode())
                .isEqualTo("MALFORMED_QUERY");
    }

    @Test
    void keywords_and_field_names_are_case_insensitive() {
        CompiledQuery q = SoqlCompiler.compile("select lastname, EMAIL from lead where isdeleted = FALSE order by ID desc"
                + " nulls last limit 5 offset 1", schema, 0L);
        assertThat(q.object().name).isEqualTo("Lead");
        assertThat(q.select()).extracting(f -> f.name).containsExactly("LastName", "Email");
        assertThat(q.limit()).isEqualTo(5);
        assertThat(q.offset()).isEqualTo(1);
    }

    @Test
    void count_query_and_relationship_paths() {
        assertThat(SoqlCompiler.compile("SELECT COUNT() FROM Contact", schema, 0L).count()).isTrue();
        assertThat(SoqlCompiler.compile("SELECT Lead.Email FROM Lead", schema, 0L).select()).extracting(f -> f.name)
                .containsExactly("Email");
        assertThat(SoqlCompiler.compile("SELECT owner.name FROM Lead", schema, 0L).columns())
                .extracting(c -> c.relationshipName() + "." + c.field().name).containsExactly("Owner.Name");
        assertThat(error("SELECT Boss.Name FROM Lead").getMessage()).contains("Didn't understand relationship 'Boss'");
        assertThat(error("SELECT OwnerId.Name FROM Lead").getMessage())
                .contains("Didn't understand relationship 'OwnerId'");
    }

    @Test
    void relationship_field_errors_name_the_parent_entity() {
        SalesforceApiException e = error("SELECT Owner.Nope FROM Lead");
        assertThat(e.errorCode()).isEqualTo("INVALID_FIELD");
        assertThat(e.getMessage()).isEqualTo("\nSELECT Owner.Nope FROM Lead\n       ^\nERROR at Row:1:Column:8\n"
                + "No such column 'Nope' on entity 'User'. If you are attempting to use a custom field, be sure to"
                + " append the '__c' after the custom field name. Please reference your WSDL or the describe call"
                + " for the appropriate names.");
        assertThat(error("SELECT Owner.Name, owner.name FROM Lead").getMessage())
                .endsWith("duplicate field selected: Owner.Name");
        assertThat(error("SELECT Account.Name.Foo FROM Contact").getMessage())
                .contains("Didn't understand relationship 'Account'");
    }

    @Test
    void offset_beyond_two_thousand_is_outside_the_valid_range() {
        SalesforceApiException e = error("SELECT Id FROM Lead LIMIT 10 OFFSET 2001");
        assertThat(e.errorCode()).isEqualTo("NUMBER_OUTSIDE_VALID_RANGE");
        assertThat(e.getMessage()).isEqualTo("Maximum SOQL offset allowed is 2000");
        assertThat(SoqlCompiler.compile("SELECT Id FROM Lead OFFSET 2000", schema, 0L).offset()).isEqualTo(2000);
    }

    @Test
    void planner_finds_the_system_modstamp_lower_bound_of_watermark_queries() {
        long x = Instant.parse("2026-11-20T10:00:00Z").toEpochMilli();
        String keyset = "SELECT Id FROM Lead WHERE (SystemModstamp > 2026-11-20T10:00:00Z OR (SystemModstamp ="
                + " 2026-11-20T10:00:00Z AND Id > '" + SfIds.make("00Q", SfIds.COUNTER_BASE) + "')) AND IsDeleted = false";
        assertThat(SoqlCompiler.compile(keyset, schema, 0L).modstampFrom()).isEqualTo(x);
        assertThat(SoqlCompiler.compile("SELECT Id FROM Lead WHERE SystemModstamp >= 2026-11-20T10:00:00Z",
                schema, 0L).modstampFrom()).isEqualTo(x);
        assertThat(SoqlCompiler.compile("SELECT Id FROM Lead WHERE Lead.SystemModstamp = 2026-11-20T10:00:00Z",
                schema, 0L).modstampFrom()).isEqualTo(x);
        for (String unbounded : new String[] {
                "SELECT Id FROM Lead WHERE SystemModstamp < 2026-11-20T10:00:00Z",
                "SELECT Id FROM Lead WHERE SystemModstamp > 2026-11-20T10:00:00Z OR LastName = 'x'",
                "SELECT Id FROM Lead WHERE NOT SystemModstamp > 2026-11-20T10:00:00Z",
                "SELECT Id FROM Lead"}) {
            assertThat(SoqlCompiler.compile(unbounded, schema, 0L).modstampFrom()).as(unbounded)
                    .isEqualTo(QueryPlanner.NO_BOUND);
        }
    }
}

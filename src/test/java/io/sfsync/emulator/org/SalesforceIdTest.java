package io.sfsync.emulator.org;

import io.sfsync.emulator.soql.SoqlCompiler;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SalesforceIdTest {

    @Test
    void checksum_matches_a_known_real_account_id() {
        assertThat(SfIds.to18("001A0000006Vm9r")).isEqualTo("001A0000006Vm9rIAC");
    }

    @Test
    void checksum_matches_a_hand_traced_example() {
        // chunks "00Q5g" (Q at bit 2 -> 4 -> E), "00000" (0 -> A), "ABCDe" (bits 0..3 -> 15 -> P)
        assertThat(SfIds.checksum("00Q5g00000ABCDe")).isEqualTo("EAP");
        // all upper case chunk -> 31 -> '5'
        assertThat(SfIds.checksum("ABCDEabcde12345")).isEqualTo("5AA");
    }

    @Test
    void generated_ids_are_eighteen_chars_with_valid_checksum_and_sort_in_creation_order() {
        String a = SfIds.make("00Q", SfIds.COUNTER_BASE + 61);
        String b = SfIds.make("00Q", SfIds.COUNTER_BASE + 62);
        String c = SfIds.make("00Q", SfIds.COUNTER_BASE + 1_000_000);
        assertThat(a).hasSize(18).startsWith("00Q");
        assertThat(SfIds.isValid(a)).isTrue();
        assertThat(a.compareTo(b)).isNegative();
        assertThat(b.compareTo(c)).isNegative();
        assertThat(SfIds.counterOf("00Q", b)).isEqualTo(SfIds.COUNTER_BASE + 62);
        assertThat(SfIds.counterOf("00Q", b.substring(0, 15))).isEqualTo(SfIds.COUNTER_BASE + 62);
    }

    @Test
    void validates_id_syntax() {
        assertThat(SfIds.isValid("001A0000006Vm9r")).isTrue();
        assertThat(SfIds.isValid("001A0000006Vm9rIAC")).isTrue();
        assertThat(SfIds.isValid("001A0000006Vm9rIAD")).isFalse();
        assertThat(SfIds.isValid("001A0000006Vm9")).isFalse();
        assertThat(SfIds.isValid("001A0000006Vm9-")).isFalse();
        assertThat(SfIds.isValid(null)).isFalse();
    }

    @Test
    void ids_compare_by_their_fifteen_character_form() {
        assertThat(SoqlCompiler.compareIds("001A0000006Vm9rIAC", "001A0000006Vm9r")).isZero();
        assertThat(SoqlCompiler.compareIds("001A0000006Vm9r", "001A0000006VM9r")).isPositive();
    }
}

package io.sfsync.emulator.org;

/**
 * Salesforce record ids: 15-char case-sensitive form and the 18-char case-safe form with the 3-char checksum.
 *
 * <p>Generated ids are {@code prefix(3) + pod(2) + "0" + base62 counter(9)}; base-62 digits are ordered
 * 0-9, A-Z, a-z so plain string order equals creation order.</p>
 */
public final class SfIds {

    static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final String CHECKSUM_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
    static final String POD = "8d";
    /** Counters start here so ids look like real ones (e.g. 00Q8d00000ZTv5nEAD) instead of 000000001. */
    public static final long COUNTER_BASE = 62L * 62 * 62 * 62 * 62 * 35; // "0000Z0000"-ish

    private SfIds() {
    }

    /** The 3-char checksum for a 15-char id. */
    static String checksum(String id15) {
        if (id15.length() != 15) {
            throw new IllegalArgumentException("need a 15-character id: " + id15);
        }
        StringBuilder sb = new StringBuilder(3);
        for (int chunk = 0; chunk < 3; chunk++) {
            int flags = 0;
            for (int i = 0; i < 5; i++) {
                char c = id15.charAt(chunk * 5 + i);
                if (c >= 'A' && c <= 'Z') {
                    flags |= 1 << i;
                }
            }
            sb.append(CHECKSUM_CHARS.charAt(flags));
        }
        return sb.toString();
    }

    /** Converts a 15-char id to 18 chars; an 18-char id is returned unchanged. */
    public static String to18(String id) {
        if (id.length() == 18) {
            return id;
        }
        return id + checksum(id);
    }

    /** Whether {@code s} is syntactically a Salesforce id (15 alphanumeric chars, or 18 with a valid checksum). */
    public static boolean isValid(String s) {
        if (s == null || (s.length() != 15 && s.length() != 18)) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
                return false;
            }
        }
        if (s.length() == 18) {
            String expected = checksum(s.substring(0, 15));
            // Salesforce accepts the suffix case-insensitively
            return expected.equalsIgnoreCase(s.substring(15));
        }
        return true;
    }

    /** The 15-char (case-sensitive) form used for comparisons. */
    public static String key15(String id) {
        return id.length() > 15 ? id.substring(0, 15) : id;
    }

    /** Builds the 18-char id for counter value {@code counter} under a key prefix. */
    public static String make(String keyPrefix, long counter) {
        StringBuilder sb = new StringBuilder(18);
        sb.append(keyPrefix).append(POD).append('0');
        char[] digits = new char[9];
        long v = counter;
        for (int i = 8; i >= 0; i--) {
            digits[i] = BASE62.charAt((int) (v % 62));
            v /= 62;
        }
        if (v != 0) {
            throw new IllegalStateException("id counter overflow");
        }
        sb.append(digits);
        return sb.append(checksum(sb.toString())).toString();
    }

    /** Decodes the counter of an id made by {@link #make}, or -1 when it is not one of ours for this prefix. */
    static long counterOf(String keyPrefix, String id) {
        if (!isValid(id) || !id.startsWith(keyPrefix) || !id.startsWith(POD + "0", 3)) {
            return -1;
        }
        long v = 0;
        for (int i = 6; i < 15; i++) {
            int d = BASE62.indexOf(id.charAt(i));
            if (d < 0) {
                return -1;
            }
            v = v * 62 + d;
        }
        return v;
    }
}

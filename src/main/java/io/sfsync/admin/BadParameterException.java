package io.sfsync.admin;

/** A request to the admin HTTP API with a parameter it cannot use: answered 400 with the message (admin-api-errors). */
public final class BadParameterException extends IllegalArgumentException {

    public BadParameterException(String message) {
        super(message);
    }

    /** A whole number between {@code min} and {@code max}; {@code raw} null or blank gives {@code dflt}. */
    public static int wholeNumber(String name, String raw, int dflt, int min, int max) {
        if (raw == null || raw.isBlank()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(raw.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException notANumber) {
            // reported below, as for a number out of range
        }
        throw new BadParameterException(name + " must be a whole number between " + min + " and " + max + ", got '" + raw + "'");
    }
}

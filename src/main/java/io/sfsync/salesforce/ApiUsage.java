package io.sfsync.salesforce;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The API usage Salesforce reports on every response: {@code Sforce-Limit-Info: api-usage=used/limit}. */
public record ApiUsage(long used, long limit) {

    private static final Pattern API_USAGE = Pattern.compile("api-usage=(\\d+)/(\\d+)");

    /** Parses the header; null when absent or without an api-usage entry. */
    public static ApiUsage parse(String header) {
        if (header == null) {
            return null;
        }
        Matcher m = API_USAGE.matcher(header);
        return m.find() ? new ApiUsage(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))) : null;
    }

    public double share() {
        return limit <= 0 ? 1.0 : (double) used / limit;
    }

    @Override
    public String toString() {
        return used + "/" + limit;
    }
}

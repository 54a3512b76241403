package io.sfsync.emulator.admin;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the API calls per endpoint, e.g. {@code query}, {@code queryMore}, {@code sobjects/Lead},
 * {@code sobjects/Lead/describe}, {@code composite} (the composite resource), {@code composite/sobjects} (collections),
 * {@code composite/batch}, {@code jobs/query}, {@code jobs/ingest}, {@code limits}. Record ids and job ids
 * are left out of the key so all calls on one resource add up.
 */
public final class EndpointStats {

    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
    /** The subrequests of composite and batch requests, per endpoint: not API calls of their own. */
    private final Map<String, LongAdder> subrequests = new ConcurrentHashMap<>();

    /** The key of a REST call from its path segments after {@code /services/data/vXX.X/}. */
    static String key(List<String> seg) {
        if (seg.isEmpty()) {
            return "resources";
        }
        String head = seg.get(0);
        switch (head) {
            case "query", "queryAll" -> {
                return seg.size() > 1 ? "queryMore" : head;
            }
            case "sobjects" -> {
                if (seg.size() == 1) {
                    return "sobjects";
                }
                if (seg.size() >= 3 && seg.get(2).equals("describe")) {
                    return "sobjects/" + seg.get(1) + "/describe";
                }
                return "sobjects/" + seg.get(1);
            }
            case "composite" -> {
                return seg.size() > 1 ? "composite/" + seg.get(1) : head;
            }
            case "jobs" -> {
                return seg.size() > 1 ? "jobs/" + seg.get(1) : "jobs";
            }
            default -> {
                return head;
            }
        }
    }

    public void record(List<String> seg) {
        calls.computeIfAbsent(key(seg), k -> new LongAdder()).increment();
    }

    public void recordSubrequest(List<String> seg) {
        subrequests.computeIfAbsent(key(seg), k -> new LongAdder()).increment();
    }

    /** Calls per endpoint, sorted by endpoint key. */
    public Map<String, Long> snapshot() {
        return sums(calls);
    }

    /** Subrequests of composite and batch requests per endpoint, sorted by endpoint key. */
    public Map<String, Long> subrequests() {
        return sums(subrequests);
    }

    private static Map<String, Long> sums(Map<String, LongAdder> counts) {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}

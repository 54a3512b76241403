package io.sfsync.emulator.http;

import java.util.ArrayList;
import java.util.List;

/** REST API versions the emulator answers (31.0 = Summer '14 ... 64.0 = Summer '25). */
public final class ApiVersions {

    static final int OLDEST = 31;
    static final int NEWEST = 64;

    private ApiVersions() {
    }

    record Version(String version, String label, String url) {
    }

    static List<Version> all() {
        List<Version> out = new ArrayList<>();
        for (int v = OLDEST; v <= NEWEST; v++) {
            String version = v + ".0";
            out.add(new Version(version, label(v), "/services/data/v" + version));
        }
        return out;
    }

    /** Release name: 31 = Summer '14, then Winter, Spring, Summer ... (Winter '15 = 32). */
    static String label(int v) {
        int k = v - OLDEST;
        String season = switch (k % 3) {
            case 0 -> "Summer";
            case 1 -> "Winter";
            default -> "Spring";
        };
        int year = 14 + (k + 2) / 3;
        return season + " '" + String.format("%02d", year);
    }

    public static boolean supported(String version) {
        for (int v = OLDEST; v <= NEWEST; v++) {
            if ((v + ".0").equals(version)) {
                return true;
            }
        }
        return false;
    }
}

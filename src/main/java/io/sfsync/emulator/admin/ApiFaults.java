package io.sfsync.emulator.admin;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Injected API errors: the next requests whose path contains a text fail with a given HTTP status and Salesforce
 * error, set through {@code EmulatorOrg.failNext} or {@code POST /_emulator/faults}.
 */
public final class ApiFaults {

    public static final class Fault {
        int remaining;
        final String pathContains;
        public final int status;
        public final String errorCode;
        public final String message;

        Fault(int remaining, String pathContains, int status, String errorCode, String message) {
            this.remaining = remaining;
            this.pathContains = pathContains;
            this.status = status;
            this.errorCode = errorCode;
            this.message = message;
        }
    }

    private final List<Fault> faults = new ArrayList<>();

    /** The next {@code times} requests whose path contains {@code pathContains} fail with this status and error. */
    public void add(int times, String pathContains, int httpStatus, String errorCode, String message) {
        synchronized (faults) {
            faults.add(new Fault(times, pathContains == null ? "" : pathContains, httpStatus, errorCode, message));
        }
    }

    /** Consumes one matching fault, if any. */
    public Fault take(String path) {
        synchronized (faults) {
            Iterator<Fault> it = faults.iterator();
            while (it.hasNext()) {
                Fault f = it.next();
                if (path.contains(f.pathContains)) {
                    f.remaining--;
                    if (f.remaining <= 0) {
                        it.remove();
                    }
                    return f;
                }
            }
        }
        return null;
    }
}

package io.sfsync.admin;

import org.apache.camel.support.DefaultHeaderFilterStrategy;

/**
 * The header filter of the dashboard's route (routes/admin/dashboard): Camel's own headers stay inside, as with the
 * default filter, but {@code Cache-Control} reaches the browser (the HTTP default drops it), so it asks again for the
 * page's files instead of keeping those of an older version.
 */
public final class DashboardHeaders extends DefaultHeaderFilterStrategy {

    public DashboardHeaders() {
        setOutFilterStartsWith(CAMEL_FILTER_STARTS_WITH);
        setInFilterStartsWith(CAMEL_FILTER_STARTS_WITH);
        setLowerCase(true);
    }
}

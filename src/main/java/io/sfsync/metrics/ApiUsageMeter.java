package io.sfsync.metrics;

import io.sfsync.salesforce.ApiUsage;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Reads the {@code Sforce-Limit-Info} header of every answer of the salesforce component, whichever route or bean
 * made the call, into {@link SyncMetrics#apiUsage}. Camel finds it in the registry as an event notifier.
 */
public final class ApiUsageMeter extends EventNotifierSupport {

    private final SyncMetrics metrics;

    public ApiUsageMeter(SyncMetrics metrics) {
        this.metrics = metrics;
    }

    /** The sending event too: Camel only reports a send as sent to a notifier that took its sending. */
    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.ExchangeSendingEvent || event instanceof CamelEvent.ExchangeSentEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        if (event instanceof CamelEvent.ExchangeSentEvent sent && sent.getEndpoint().getEndpointUri().startsWith("salesforce:")) {
            ApiUsage usage = ApiUsage.parse(sent.getExchange().getMessage().getHeader("Sforce-Limit-Info", String.class));
            if (usage != null) {
                metrics.apiUsage(usage);
            }
        }
    }
}

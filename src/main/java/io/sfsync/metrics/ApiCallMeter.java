package io.sfsync.metrics;

import io.sfsync.cycle.SyncStep;
import io.sfsync.status.ApiCalls;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Counts every request sent to the salesforce component, whichever route or bean sent it, into {@link ApiCalls}: for
 * the step the exchange carries (exchange property {@code step}) and its cycle ({@code cycleId}). A retry is sent again
 * and counted again. Camel finds it in the registry as an event notifier.
 */
public final class ApiCallMeter extends EventNotifierSupport {

    private final ApiCalls calls;

    public ApiCallMeter(ApiCalls calls) {
        this.calls = calls;
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.ExchangeSendingEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        if (event instanceof CamelEvent.ExchangeSendingEvent sending
                && sending.getEndpoint().getEndpointUri().startsWith("salesforce:")) {
            Exchange exchange = sending.getExchange();
            Object step = exchange.getProperty("step");
            calls.sent(step instanceof SyncStep s ? s.getStepId() : null, exchange.getProperty("cycleId", String.class));
        }
    }
}

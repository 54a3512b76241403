package io.sfsync.cycle;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfsync.salesforce.CompositeReads;
import io.sfsync.salesforce.TransientErrors;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.RestError;
import org.apache.camel.component.salesforce.api.utils.JsonUtils;
import org.eclipse.jetty.http.HttpStatus;

/**
 * The first answers of a cycle's steps, read ahead in composite requests ({@code routes/cycle/cycle-reads.camel.yaml})
 * and handed to the steps (bean {@code firstReads}): a step whose first call is one the cycle asked for
 * ({@link SyncStep#getFirstRead}, e.g. its change query with the same SOQL) takes the answer instead of calling, and
 * goes on exactly as after its own call: same body and headers, or the same exception its own call would have
 * raised (a query's {@code INVALID_FIELD}, getDeleted's {@code INVALID_REPLICATION_DATE}, a describe's 304), so the
 * same paging, watermark and error policy apply. Each answer is taken once; a step that finds none, one for another
 * request (its query changed since: a field became unreadable), or a transient failure ({@link TransientErrors}: a
 * 503, UNABLE_TO_LOCK_ROW), calls Salesforce itself, with its usual retries. Only the running cycle's answers are
 * held.
 */
public final class FirstReads {

    /** How the step's own call would have reported a failure. */
    public enum Call {
        /** camel-salesforce's query operation: the error body parsed into {@code SalesforceException.getErrors()}. */
        QUERY,
        /** camel-salesforce's raw operation: the error body as the exception's message. */
        RAW
    }

    /**
     * One answer read ahead for the step that makes {@code request} for {@code object}'s {@code operation}, from a
     * composite request asked at {@code askedAt} whose {@code Sforce-Limit-Info} was {@code limitInfo}.
     */
    public record Answer(String object, String operation, String request, Call call, CompositeReads.Answer answer,
                         String limitInfo, Instant askedAt) {
    }

    private static final ObjectMapper ERRORS = JsonUtils.createObjectMapper();
    private static final TransientErrors TRANSIENT = new TransientErrors();
    private static final String LIMIT_INFO = "Sforce-Limit-Info";
    /** The headers of a subrequest's answer a step may read (Sync Schema: Last-Modified). */
    private static final List<String> ANSWER_HEADERS = List.of("Last-Modified", "ETag");

    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private volatile String cycleId;

    /** The request name of a query: the SOQL (Pull Updates, Pull Conversions, a re-reconciliation). */
    public static String query(String soql) {
        return "query " + soql;
    }

    /** The request name of Pull Deletes' getDeleted from {@code start} on. */
    public static String deleted(String start) {
        return "getDeleted from " + start;
    }

    /** The request name of Sync Schema's describe, with its If-Modified-Since (null: unconditional). */
    public static String describe(String ifModifiedSince) {
        return "describe" + (ifModifiedSince == null ? "" : " if modified since " + ifModifiedSince);
    }

    /** Starts holding the answers of {@code cycleId}; those of an earlier cycle no step took are dropped. */
    public void begin(String cycleId) {
        this.cycleId = cycleId;
        answers.clear();
    }

    public void offer(String cycleId, Answer answer) {
        if (cycleId.equals(this.cycleId)) {
            answers.put(key(answer.object(), answer.operation()), answer);
        }
    }

    /** Drops the cycle's answers no step took (an object the cycle did not reach, a step that asked otherwise). */
    public void forget(String cycleId) {
        if (cycleId != null && cycleId.equals(this.cycleId)) {
            answers.clear();
            this.cycleId = null;
        }
    }

    /** How many answers are held (none once the cycle ended). */
    public int held() {
        return answers.size();
    }

    /**
     * True when the cycle read the step's first call ahead: an answer for the step's object and operation and for the
     * very request the step makes. An answer for another request is dropped (the step calls itself).
     */
    public boolean holds(SyncStep step) {
        if (step == null || step.cycleId() == null || !step.cycleId().equals(cycleId) || step.getFirstRead() == null) {
            return false;
        }
        String key = key(step.getObject(), step.getOperation());
        Answer a = answers.get(key);
        if (a == null) {
            return false;
        }
        if (!a.request().equals(step.getFirstRead()) || (a.answer().failed() && TRANSIENT.isTransient(failure(a)))) {
            // another request; or a failure worth repeating, which the step's own call repeats with its retries
            answers.remove(key);
            return false;
        }
        return true;
    }

    /**
     * Hands the step (exchange property {@code step}) its answer as its own call would have: the body and the headers
     * ({@code Sforce-Limit-Info} of the composite request, {@code Last-Modified}), or the exception. Called after
     * {@link #holds} was true.
     */
    public void answer(Exchange exchange) throws SalesforceException {
        SyncStep step = exchange.getProperty("step", SyncStep.class);
        Answer a = answers.remove(key(step.getObject(), step.getOperation()));
        if (a == null) {
            throw new IllegalStateException(step.getObject() + " " + step.getOperation() + " has no answer read ahead");
        }
        step.answeredAt(a.askedAt());
        Message m = exchange.getMessage();
        if (a.limitInfo() == null) {
            m.removeHeader(LIMIT_INFO);
        } else {
            m.setHeader(LIMIT_INFO, a.limitInfo());
        }
        for (String h : ANSWER_HEADERS) {
            String value = a.answer().headers().get(h);
            if (value == null) {
                m.removeHeader(h);
            } else {
                m.setHeader(h, value);
            }
        }
        if (a.answer().failed()) {
            throw failure(a);
        }
        m.setBody(new ByteArrayInputStream(a.answer().body()));
    }

    /** The exception camel-salesforce raises for this answer to the step's own call. */
    static SalesforceException failure(Answer a) {
        int status = a.answer().status();
        byte[] body = a.answer().body();
        String text = new String(body, StandardCharsets.UTF_8);
        if (a.call() == Call.RAW) {
            return body.length == 0
                    ? new SalesforceException("Unexpected error: " + HttpStatus.getMessage(status) + ", with content: null", status)
                    : new SalesforceException(text, status);
        }
        List<RestError> errors;
        try {
            errors = ERRORS.readValue(body, new TypeReference<List<RestError>>() { });
        } catch (IOException e) {
            return new SalesforceException("Unexpected error: " + HttpStatus.getMessage(status) + ", with content: " + text,
                    status);
        }
        return new SalesforceException(errors, status, "Unexpected error: " + HttpStatus.getMessage(status)
                + ". See exception `errors` property for detail. " + text, new ByteArrayInputStream(body));
    }

    private static String key(String object, String operation) {
        return object + "\u0000" + operation;
    }
}

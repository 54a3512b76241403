package io.sfsync.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The JSON body of an admin API error, {@code {"error":"..."}} (routes/errors/admin-api-errors.camel.yaml). */
public final class ApiErrors {

    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A request the API cannot answer as asked (400): the message says which parameter and why. */
    public String badRequest(Exception e) throws JsonProcessingException {
        return error(e, BadParameterException.class);
    }

    /** What the request names does not exist (404). */
    public String notFound(Exception e) throws JsonProcessingException {
        return error(e, NotFoundException.class);
    }

    /** The present state forbids the request (409). */
    public String conflict(Exception e) throws JsonProcessingException {
        return error(e, ConflictException.class);
    }

    private static String error(Exception e, Class<? extends RuntimeException> type) throws JsonProcessingException {
        Throwable t = e;
        // Camel wraps what a bean throws ("Failed to invoke method ...")
        while (!type.isInstance(t) && t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return JSON.writeValueAsString(Map.of("error", String.valueOf(t.getMessage())));
    }

    /** A failure of the service itself (500): logged with its stack trace; the answer names it. */
    public String failed(Exception e) throws JsonProcessingException {
        LOG.error("admin API request failed", e);
        return JSON.writeValueAsString(Map.of("error", "the request failed: " + e + "; see the service log"));
    }
}

package io.grid.routes.http;

import io.grid.api.Problem;
import io.grid.core.refusal.OutageException;
import io.grid.core.refusal.RefusedException;
import io.grid.core.log.LogEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what went wrong in a route into an RFC 9457 {@code application/problem+json} response. Known
 * refusals keep their status and reason code; anything unexpected becomes a 500 whose body names only
 * the exchange id, so no stack trace or internal detail ever reaches a client.
 *
 * <p>Routes register further mappings for their own exception types with {@link #register}; the most
 * specific registered type wins.
 */
public class Problems {

    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

    private final Json json;
    private final Map<Class<? extends Throwable>, Function<Throwable, Problem>> mappings = new LinkedHashMap<>();

    public Problems(Json json) {
        this.json = json;
        register(BadRequestException.class, e -> Problem.of(400, "Bad request", "BAD_REQUEST", e.getMessage()));
        register(RequestNumbers.InvalidNumberException.class, e -> Problem.of(400, "Invalid number", e.reason(),
                e.getMessage()).withViolations(java.util.List.of(e.field())));
        register(IllegalArgumentException.class, e -> Problem.of(400, "Bad request", "INVALID_INPUT", e.getMessage()));
        register(HttpProblemException.class, HttpProblemException::problem);
        // The services' domain exceptions: the HTTP status is chosen here, at the edge.
        register(RefusedException.class, e -> Problem.of(e.refusal().httpStatus(), title(e.refusal().httpStatus()),
                e.refusal().name(), e.getMessage()));
        register(OutageException.class, e -> Problem.of(e.outage().httpStatus(), title(e.outage().httpStatus()),
                e.outage().name(), e.getMessage()));
    }

    /** The title of a problem with {@code status}. */
    private static String title(int status) {
        return switch (status) {
            case 401 -> "Unauthorized";
            case 402 -> "Payment required";
            case 403 -> "Forbidden";
            case 404 -> "Not found";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 502 -> "Bad gateway";
            case 503 -> "Unavailable";
            case 504 -> "Timeout";
            default -> status < 500 ? "Refused" : "Failed";
        };
    }

    /** Maps exceptions of {@code type} (and its subtypes) to problems. */
    @SuppressWarnings("unchecked")
    public final <T extends Throwable> Problems register(Class<T> type, Function<T, Problem> mapping) {
        mappings.put(type, t -> mapping.apply((T) t));
        return this;
    }

    /**
     * Maps exceptions of {@code type} as {@link #register} does, unless a mapping for exactly that type is already
     * there: how GRID's parts add their defaults to a shared instance without undoing an integrator's mapping.
     */
    @SuppressWarnings("unchecked")
    public final <T extends Throwable> Problems registerIfAbsent(Class<T> type, Function<T, Problem> mapping) {
        mappings.putIfAbsent(type, t -> mapping.apply((T) t));
        return this;
    }

    /** The problem for a failure. */
    public Problem problemFor(Throwable failure, String exchangeId) {
        Function<Throwable, Problem> best = null;
        Class<?> bestType = null;
        for (Map.Entry<Class<? extends Throwable>, Function<Throwable, Problem>> entry : mappings.entrySet()) {
            Class<?> type = entry.getKey();
            if (type.isInstance(failure) && (bestType == null || bestType.isAssignableFrom(type))) {
                best = entry.getValue();
                bestType = type;
            }
        }
        if (best != null) {
            return best.apply(failure);
        }
        LogEvent.error(LOG, "unexpected_failure").with("exchange", exchangeId).cause(failure).log();
        return Problem.of(500, "Internal error", "INTERNAL_ERROR",
                "the request failed unexpectedly; quote exchange " + exchangeId + " when reporting it");
    }

    /** Writes the problem for the exchange's caught exception as the response. */
    public void respond(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (failure == null) {
            failure = exchange.getException();
        }
        Problem problem = problemFor(failure, exchange.getExchangeId());
        String path = exchange.getIn().getHeader(Exchange.HTTP_URI, String.class);
        if (path != null) {
            problem = problem.at(path.split("\\?", 2)[0]);
        }
        if (problem.status() < 500) {
            LogEvent.info(LOG, "request_refused").with("status", problem.status()).with("reason", problem.reason())
                    .with("path", problem.instance()).with("detail", problem.detail()).log();
        } else if (!"INTERNAL_ERROR".equals(problem.reason())) {
            // A known outage (chain, database, a relay still pending): say which, with its cause, once.
            LogEvent.warn(LOG, "request_failed").with("status", problem.status()).with("reason", problem.reason())
                    .with("path", problem.instance()).with("exchange", exchange.getExchangeId()).with("cause", failure)
                    .cause(failure).log();
        }
        write(exchange, problem);
    }

    /** Writes a problem as the exchange's response. */
    public void write(Exchange exchange, Problem problem) {
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, problem.status());
        out.setHeader(Exchange.CONTENT_TYPE, Problem.MEDIA_TYPE);
        out.setBody(json.write(problem));
    }
}

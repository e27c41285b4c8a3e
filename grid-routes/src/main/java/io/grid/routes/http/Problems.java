package io.grid.routes.http;

import io.grid.api.Problem;
import io.grid.core.greet.RefusedException;
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
        register(RefusedException.class, e -> Problem.of(e.refusal().httpStatus(), "Refused",
                e.refusal().name(), e.getMessage()));
    }

    /** Maps exceptions of {@code type} (and its subtypes) to problems. */
    @SuppressWarnings("unchecked")
    public final <T extends Throwable> Problems register(Class<T> type, Function<T, Problem> mapping) {
        mappings.put(type, t -> mapping.apply((T) t));
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
        LOG.error("event=unexpected_failure exchange={}", exchangeId, failure);
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
            LOG.info("event=request_refused status={} reason={} path={} detail=\"{}\"",
                    problem.status(), problem.reason(), problem.instance(), problem.detail());
        } else if (!"INTERNAL_ERROR".equals(problem.reason())) {
            // A known outage (chain, database, a relay still pending): say which, with its cause, once.
            LOG.warn("event=request_failed status={} reason={} path={} exchange={} cause=\"{}\"",
                    problem.status(), problem.reason(), problem.instance(), exchange.getExchangeId(), failure, failure);
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

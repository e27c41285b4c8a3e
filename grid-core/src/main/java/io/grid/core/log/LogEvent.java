package io.grid.core.log;

import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * GRID's one log style: every line is an event with a name and key-values, e.g.
 * {@code LogEvent.info(LOG, "order_created").with("order", id).with("user", user).log()}.
 *
 * <p>The key-values go to SLF4J twice, so that no output loses them: as key-value pairs of SLF4J's fluent API
 * (a structured format such as Spring Boot's {@code logging.structured.format.console=ecs} writes them as JSON
 * fields), and rendered into the message as {@code event=order_created order=7 user=0x…}, which any plain pattern
 * (Spring Boot's default one too) prints. Values with spaces, quotes or {@code =} are quoted. Nothing is built
 * when the level is off.
 */
public final class LogEvent {

    private final LoggingEventBuilder builder;
    private final StringBuilder message;

    private LogEvent(Logger log, Level level, String event) {
        if (log.isEnabledForLevel(level)) {
            builder = log.atLevel(level).addKeyValue("event", event);
            message = new StringBuilder(64).append("event=").append(event);
        } else {
            builder = null;
            message = null;
        }
    }

    /** An event at DEBUG level. */
    public static LogEvent debug(Logger log, String event) {
        return new LogEvent(log, Level.DEBUG, event);
    }

    /** An event at INFO level. */
    public static LogEvent info(Logger log, String event) {
        return new LogEvent(log, Level.INFO, event);
    }

    /** An event at WARN level. */
    public static LogEvent warn(Logger log, String event) {
        return new LogEvent(log, Level.WARN, event);
    }

    /** An event at ERROR level. */
    public static LogEvent error(Logger log, String event) {
        return new LogEvent(log, Level.ERROR, event);
    }

    /** Adds {@code key=value}. */
    public LogEvent with(String key, Object value) {
        if (builder != null) {
            builder.addKeyValue(key, value);
            message.append(' ').append(key).append('=');
            render(String.valueOf(value));
        }
        return this;
    }

    /** Attaches the exception whose stack trace the line carries. */
    public LogEvent cause(Throwable cause) {
        if (builder != null) {
            builder.setCause(cause);
        }
        return this;
    }

    /** Writes the line. */
    public void log() {
        if (builder != null) {
            builder.log(message.toString());
        }
    }

    private void render(String value) {
        boolean plain = !value.isEmpty();
        for (int i = 0; i < value.length() && plain; i++) {
            char c = value.charAt(i);
            plain = c > ' ' && c != '"' && c != '=';
        }
        if (plain) {
            message.append(value);
            return;
        }
        message.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                message.append('\\').append(c);
            } else if (c == '\n') {
                message.append("\\n");
            } else if (c == '\r') {
                message.append("\\r");
            } else {
                message.append(c);
            }
        }
        message.append('"');
    }
}

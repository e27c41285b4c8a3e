package io.grid.core.app;

/**
 * One Kubernetes event of an order's namespace, as the diagnosis needs it.
 *
 * @param type    Normal or Warning
 * @param reason  the event's short reason ({@code FailedScheduling}, {@code BackOff}, …)
 * @param message the event's message (note)
 * @param object  the object it is about, as {@code Kind/name}
 */
public record ClusterEvent(String type, String reason, String message, String object) {

    public ClusterEvent {
        type = type == null ? "" : type;
        reason = reason == null ? "" : reason;
        message = message == null ? "" : message;
        object = object == null ? "" : object;
    }
}

package io.grid.samples.hostapp;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;

/** The host's own record of every quote GRID answered: something only the host cares about. */
@Component
public class QuoteAudit {

    private final List<String> quotes = new CopyOnWriteArrayList<>();

    void record(String quoteJson) {
        quotes.add(quoteJson);
    }

    /** The quotes answered so far, as the JSON sent to the client. */
    public List<String> quotes() {
        return List.copyOf(quotes);
    }
}

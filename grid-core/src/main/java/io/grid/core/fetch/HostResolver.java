package io.grid.core.fetch;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Turns a host name into its addresses; replaced in tests so that no real DNS is asked. */
@FunctionalInterface
public interface HostResolver {

    /** Every address {@code host} resolves to. */
    List<InetAddress> resolve(String host) throws UnknownHostException;

    /** The platform's resolver ({@link InetAddress#getAllByName(String)}). */
    static HostResolver system() {
        return host -> List.of(InetAddress.getAllByName(host));
    }
}

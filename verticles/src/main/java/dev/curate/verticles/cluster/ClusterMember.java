package dev.curate.verticles.cluster;

/**
 * One Hazelcast member address, {@code host:port}.
 *
 * @param host an IPv4 address or host name; the node binds to it only
 * @param port the Hazelcast port, 1 to 65535
 */
public record ClusterMember(String host, int port) {

    /** Checks the fields. */
    public ClusterMember {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("cluster member host is empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("cluster member port " + port
                    + " is not a port: expected 1..65535 (member " + host + ")");
        }
    }

    /**
     * Parses {@code host:port}.
     *
     * @throws IllegalArgumentException naming the text when it is not {@code host:port}
     */
    public static ClusterMember parse(String text) {
        int colon = text == null ? -1 : text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("cluster member '" + text
                    + "' is not host:port, e.g. 127.0.0.1:5701");
        }
        try {
            return new ClusterMember(text.substring(0, colon),
                    Integer.parseInt(text.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cluster member '" + text + "' has port '"
                    + text.substring(colon + 1) + "', expected a number 1..65535");
        }
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}

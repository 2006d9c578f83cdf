package dev.curate.verticles.bridge;

import dev.curate.verticles.bus.Addresses;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.bridge.BridgeOptions;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.eventbus.bridge.tcp.TcpEventBusBridge;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP event-bus bridge for lab tools: frames of a 4-byte big-endian length and a JSON
 * object (the Vert.x TCP bridge protocol). Bound to {@value #DEFAULT_HOST} unless the config
 * says otherwise. Only the addresses of {@link #INBOUND} may be sent to, and only those of
 * {@link #OUTBOUND} subscribed to; anything else gets the bridge's
 * {@code {"type":"err","message":"access_denied"}}.
 *
 * <p>Clients connect to a front server that checks every frame ({@link FrameGuard}) and passes
 * valid ones to the library bridge on a loopback port of its own; a frame that is not JSON, or
 * longer than the guard allows, gets {@code {"type":"err","message":"malformed_frame: ..."}}
 * and closes that connection only.
 *
 * <p>Config: {@code host} (default {@value #DEFAULT_HOST}), {@code port} (required; 0 is
 * refused because the bridge does not report the port it bound).
 */
public final class LabBridgeVerticle extends AbstractVerticle {

    /** The default interface: loopback, so no other machine can reach the bridge. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    /** Request addresses a lab tool may send to. */
    public static final List<String> INBOUND = List.of(Addresses.SAMPLE_REQUEST,
            Addresses.SAMPLE_CHUNK, Addresses.CLUSTER_MEMBERS, Addresses.RUN_STATUS);

    /** Published addresses a lab tool may subscribe to. */
    public static final List<String> OUTBOUND = List.of(Addresses.KMEANS_PROGRESS,
            Addresses.TREE_LEVEL, Addresses.SAMPLE_RESULT);

    private static final Logger LOG = LoggerFactory.getLogger(LabBridgeVerticle.class);

    private TcpEventBusBridge bridge;
    private NetServer front;
    // one client for all inner connections, held for the verticle's life: Vert.x closes a
    // client that is no longer referenced when it is garbage collected, and with it every
    // connection it made (lab tools saw their socket drop about 30 s after connecting)
    private NetClient innerClient;

    @Override
    public void start(Promise<Void> started) {
        String host = config().getString("host", DEFAULT_HOST);
        int port = config().getInteger("port", 0);
        if (port < 1 || port > 65535) {
            started.fail(new IllegalArgumentException("bridge port " + port
                    + " is not a port: expected 1..65535"));
            return;
        }
        BridgeOptions options = new BridgeOptions();
        INBOUND.forEach(a -> options.addInboundPermitted(new PermittedOptions().setAddress(a)));
        OUTBOUND.forEach(a -> options.addOutboundPermitted(new PermittedOptions()
                .setAddress(a)));
        bridge = TcpEventBusBridge.create(vertx, options, new NetServerOptions());
        innerClient = vertx.createNetClient();
        // Vert.x shares one server among listeners on the same port, so an inner port equal
        // to the public one would not fail but mix the two; draw again in that case
        int inner = innerPort();
        while (inner == port) {
            inner = innerPort();
        }
        int innerPort = inner;
        bridge.listen(innerPort, DEFAULT_HOST)
                .compose(b -> vertx.createNetServer()
                        .connectHandler(client -> front(client, innerPort))
                        .listen(port, host))
                .onSuccess(s -> {
                    front = s;
                    LOG.info("lab bridge on {}:{}; inbound {}, outbound {}", host, port,
                            INBOUND, OUTBOUND);
                })
                .<Void>mapEmpty()
                .recover(e -> Future.failedFuture(new IllegalStateException(
                        "lab bridge cannot listen on " + host + ":" + port + ": "
                                + e.getMessage(), e)))
                .onComplete(started);
    }

    // LIMIT: the library bridge does not report a port it chose, so its inner port is probed
    // free and then bound; another program taking it in between makes the start fail.
    /** Returns a loopback port that was free a moment ago, for the library bridge. */
    private static int innerPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port for the bridge", e);
        }
    }

    /**
     * Connects one client to the library bridge through a {@link FrameGuard}: a malformed
     * frame gets an error frame and closes this client's connection only.
     */
    private void front(NetSocket client, int inner) {
        client.pause();
        innerClient.connect(inner, DEFAULT_HOST).onComplete(ar -> {
            if (ar.failed()) {
                LOG.warn("lab bridge: cannot reach the inner bridge on port {}: {}; closing "
                        + "client {}", inner, ar.cause().getMessage(), client.remoteAddress());
                client.close();
                return;
            }
            NetSocket bridged = ar.result();
            FrameGuard guard = new FrameGuard(bridged::write, reason -> {
                LOG.warn("lab bridge: closing client {}: {}", client.remoteAddress(), reason);
                Buffer err = Buffer.buffer(new JsonObject().put("type", "err")
                        .put("message", "malformed_frame: " + reason).encode());
                client.write(Buffer.buffer().appendInt(err.length()).appendBuffer(err))
                        .onComplete(x -> client.close());
                bridged.close();
            });
            client.handler(guard::feed);
            bridged.handler(client::write);
            client.closeHandler(v -> bridged.close());
            bridged.closeHandler(v -> client.close());
            client.resume();
        });
    }

    @Override
    public void stop() {
        if (front != null) {
            front.close();
        }
        if (innerClient != null) {
            innerClient.close();
        }
        if (bridge != null) {
            bridge.close();
        }
    }
}

package dev.curate.web;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.ArrayDeque;
import java.util.LinkedHashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the page and bridges it to the event bus. Config keys (all optional except the
 * lists): {@code host} (default 127.0.0.1), {@code port} (default 8080, 0 picks a free one),
 * {@code outbound} (addresses whose published messages go to every page), {@code requests}
 * (addresses a page may send a request to), {@code thumbnails} (the address that renders
 * {@code GET /tile/<index>}), {@code historySize} (events replayed to a page that connects
 * late, default 5000), {@code maxFrameBytes} (largest websocket frame, default 65536) and
 * {@code requestTimeoutMs} (default 30000).
 *
 * <p>Websocket {@code /ws} protocol, text frames hold JSON: the server sends
 * {@code {type: hello, serverStartMs, maxFrameBytes}}, then the history, then live
 * {@code {type: event, seq, address, body, replay}}; the page sends
 * {@code {type: request, id, address, body}} and gets {@code {type: reply, id, body}},
 * {@code {type: error, id, code, message}}, or for a binary reply one binary message whose
 * first 4 bytes are the id (int32 little-endian) and the rest the payload. A message longer
 * than {@code maxFrameBytes} goes out as continuation frames of at most that size, which the
 * browser joins; nothing is cut or dropped silently.
 *
 * <p>Handlers only move bytes between the socket and the bus, so the event loop never waits
 * on LMDB or compute: the verticles behind the request addresses run on workers.
 */
public final class WebVizVerticle extends AbstractVerticle {

    private static final Logger LOG = LoggerFactory.getLogger(WebVizVerticle.class);

    private final Set<ServerWebSocket> pages = new LinkedHashSet<>();
    private final ArrayDeque<String> history = new ArrayDeque<>();
    private final long startMs = System.currentTimeMillis();
    private Set<String> requests;
    private int historySize;
    private int maxFrameBytes;
    private long requestTimeoutMs;
    private long seq;
    private HttpServer server;

    @Override
    public void start(Promise<Void> started) {
        JsonObject cfg = config();
        requests = strings(cfg.getJsonArray("requests", new JsonArray()));
        historySize = cfg.getInteger("historySize", 5000);
        maxFrameBytes = cfg.getInteger("maxFrameBytes", 65_536);
        requestTimeoutMs = cfg.getLong("requestTimeoutMs", 30_000L);
        for (String address : strings(cfg.getJsonArray("outbound", new JsonArray()))) {
            vertx.eventBus().consumer(address, m -> forward(address, m.body()));
        }
        Router router = Router.router(vertx);
        router.get("/tile/:index").handler(this::thumbnail);
        router.route().handler(StaticHandler.create("webroot").setCachingEnabled(false));
        HttpServerOptions options = new HttpServerOptions()
                .setHost(cfg.getString("host", "127.0.0.1"))
                .setPort(cfg.getInteger("port", 8080))
                .setMaxWebSocketFrameSize(maxFrameBytes)
                .setMaxWebSocketMessageSize(1 << 20);
        vertx.createHttpServer(options)
                .webSocketHandshakeHandler(h -> {
                    if ("/ws".equals(h.path())) {
                        h.accept();
                    } else {
                        h.reject(404);
                    }
                })
                .webSocketHandler(this::onPage)
                .requestHandler(router)
                .listen()
                .onSuccess(s -> {
                    server = s;
                    LOG.info("page served on http://{}:{}/", options.getHost(), s.actualPort());
                    started.complete();
                })
                .onFailure(e -> started.fail(new IllegalStateException("cannot serve the page"
                        + " on " + options.getHost() + ":" + options.getPort() + ": "
                        + e.getMessage(), e)));
    }

    /** Returns the port the page is served on, once started. */
    public int port() {
        return server.actualPort();
    }

    private static Set<String> strings(JsonArray a) {
        Set<String> out = new LinkedHashSet<>();
        a.forEach(v -> out.add(String.valueOf(v)));
        return out;
    }

    private void forward(String address, Object body) {
        String text = new JsonObject().put("type", "event").put("seq", ++seq)
                .put("address", address).put("body", body).encode();
        history.addLast(text);
        while (history.size() > historySize) {
            history.removeFirst();
        }
        // LIMIT: a page that stops reading keeps every event since in this server's write
        // queue when events come faster than it reads (thousands per second); it has no cap
        // but the page's own disconnect. historySize caps only the replay.
        for (ServerWebSocket ws : pages) {
            ws.writeTextMessage(text);
        }
    }

    private void onPage(ServerWebSocket ws) {
        ws.writeTextMessage(new JsonObject().put("type", "hello").put("serverStartMs", startMs)
                .put("maxFrameBytes", maxFrameBytes).put("history", history.size()).encode());
        for (String past : history) {
            ws.writeTextMessage(past.replaceFirst("^\\{", "{\"replay\":true,"));
        }
        pages.add(ws);
        LOG.info("page connected from {} ({} open)", ws.remoteAddress(), pages.size());
        ws.textMessageHandler(text -> onPageMessage(ws, text));
        ws.closeHandler(v -> {
            pages.remove(ws);
            LOG.info("page from {} disconnected ({} open)", ws.remoteAddress(), pages.size());
        });
        ws.exceptionHandler(e -> LOG.warn("page socket {}: {}", ws.remoteAddress(),
                e.getMessage()));
    }

    private void onPageMessage(ServerWebSocket ws, String text) {
        JsonObject msg;
        try {
            msg = new JsonObject(text);
        } catch (RuntimeException e) {
            sendError(ws, -1, 400, "page message is not JSON: " + e.getMessage());
            return;
        }
        long id = msg.getLong("id", -1L);
        String address = msg.getString("address", "");
        if (!"request".equals(msg.getString("type"))) {
            sendError(ws, id, 400, "page message type '" + msg.getString("type")
                    + "' unknown; expected request");
            return;
        }
        if (!requests.contains(address)) {
            sendError(ws, id, 403, "address '" + address + "' is not open to the page;"
                    + " allowed: " + String.join(", ", requests));
            return;
        }
        Object body = msg.getValue("body", new JsonObject());
        vertx.eventBus().request(address, body,
                        new DeliveryOptions().setSendTimeout(requestTimeoutMs))
                .onSuccess(reply -> sendReply(ws, id, reply.body()))
                .onFailure(e -> sendError(ws, id, code(e), address + ": " + e.getMessage()));
    }

    private static int code(Throwable e) {
        return e instanceof ReplyException r ? r.failureCode() : 500;
    }

    private static void sendReply(ServerWebSocket ws, long id, Object body) {
        if (ws.isClosed()) {
            return;
        }
        if (body instanceof Buffer bytes) {
            Buffer framed = Buffer.buffer(bytes.length() + 4).appendIntLE((int) id)
                    .appendBuffer(bytes);
            ws.writeBinaryMessage(framed);
        } else {
            ws.writeTextMessage(new JsonObject().put("type", "reply").put("id", id)
                    .put("body", body).encode());
        }
    }

    private static void sendError(ServerWebSocket ws, long id, int code, String message) {
        if (!ws.isClosed()) {
            ws.writeTextMessage(new JsonObject().put("type", "error").put("id", id)
                    .put("code", code).put("message", message).encode());
        }
    }

    private void thumbnail(RoutingContext ctx) {
        String address = config().getString("thumbnails");
        String raw = ctx.pathParam("index").replaceFirst("\\.png$", "");
        int tile;
        try {
            tile = Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            ctx.response().setStatusCode(400).end("tile index '" + raw + "' is not an integer");
            return;
        }
        if (address == null) {
            ctx.response().setStatusCode(404).end("this server has no thumbnail source");
            return;
        }
        vertx.eventBus().request(address, new JsonObject().put("tile", tile),
                        new DeliveryOptions().setSendTimeout(requestTimeoutMs))
                .onSuccess(reply -> ctx.response().putHeader("Content-Type", "image/png")
                        .putHeader("Cache-Control", "max-age=3600")
                        .end((Buffer) reply.body()))
                .onFailure(e -> ctx.response().setStatusCode(httpStatus(code(e)))
                        .end(e.getMessage()));
    }

    private static int httpStatus(int busCode) {
        return busCode >= 400 && busCode < 600 ? busCode : 500;
    }
}

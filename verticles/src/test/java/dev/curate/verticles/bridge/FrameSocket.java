package dev.curate.verticles.bridge;

import io.vertx.core.json.JsonObject;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A raw client of the TCP bridge for tests: length-prefixed JSON frames. */
final class FrameSocket implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;

    FrameSocket(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = new DataOutputStream(socket.getOutputStream());
    }

    /** Returns a port that was free a moment ago. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    void send(JsonObject frame) throws IOException {
        sendRaw(frame.encode().getBytes(StandardCharsets.UTF_8));
    }

    void sendRaw(byte[] payload) throws IOException {
        out.writeInt(payload.length);
        out.write(payload);
        out.flush();
    }

    JsonObject read() throws IOException {
        int length = in.readInt();
        byte[] b = new byte[length];
        in.readFully(b);
        return new JsonObject(new String(b, StandardCharsets.UTF_8));
    }

    /** Reads until the peer closes; returns the number of frames read before that. */
    int framesUntilClosed() throws IOException {
        int frames = 0;
        try {
            while (true) {
                read();
                frames++;
            }
        } catch (java.io.EOFException | java.net.SocketException closed) {
            return frames;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

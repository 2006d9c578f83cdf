package dev.curate.engine.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import dev.curate.engine.train.model.DinoNetwork;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Reading and writing the files inside one checkpoint folder: network parameters in DJL's
 * block format, settings and counters as properties, float vectors as comma lists.
 */
final class CheckpointFiles {

    private CheckpointFiles() {
    }

    /** Writes floats as a comma list that {@link #floats} reads back exactly. */
    static String joined(float[] values) {
        StringBuilder s = new StringBuilder();
        for (float v : values) {
            s.append(s.length() == 0 ? "" : ",").append(v);
        }
        return s.toString();
    }

    static float[] floats(String text) {
        String[] parts = text.split(",");
        float[] values = new float[parts.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = Float.parseFloat(parts[i]);
        }
        return values;
    }

    static void writeBlock(Path file, DinoNetwork net) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                Files.newOutputStream(file)))) {
            net.saveParameters(out);
        }
    }

    static void readBlock(NDManager manager, Path file, DinoNetwork net) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(
                Files.newInputStream(file)))) {
            net.loadParameters(manager, in);
        } catch (IOException | MalformedModelException e) {
            throw new UncheckedIOException("cannot read network parameters " + file + ": "
                    + e.getMessage(), e instanceof IOException io ? io : new IOException(e));
        }
    }

    static void writeProperties(Path file, Properties p) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            p.store(out, "curate train");
        }
    }

    static Properties readProperties(Path file) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint file " + file, e);
        }
        return p;
    }

    /** Copies every parameter of {@code from} into {@code to} through the DJL format. */
    static void copyParameters(NDManager manager, DinoNetwork from, DinoNetwork to) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                from.saveParameters(out);
            }
            to.loadParameters(manager, new DataInputStream(
                    new ByteArrayInputStream(bytes.toByteArray())));
        } catch (IOException | MalformedModelException e) {
            throw new IllegalStateException("cannot copy student parameters to the teacher", e);
        }
    }
}

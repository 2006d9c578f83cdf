package dev.curate.engine.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.curate.engine.train.data.BatchSource;
import dev.curate.engine.train.data.BoundedPrefetch;
import dev.curate.engine.train.data.CropParams;
import dev.curate.engine.train.data.MultiCrop;
import dev.curate.engine.train.data.TileImageSource;
import dev.curate.engine.train.data.ViewBatch;
import dev.curate.engine.train.data.ViewMaker;
import dev.curate.engine.train.loss.DinoLoss;
import dev.curate.engine.train.loss.IbotPatchLoss;
import dev.curate.engine.train.loss.KoLeoLoss;
import dev.curate.engine.train.model.DinoNetwork;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DINO self-distillation run (Caron et al. 2021, arXiv 2104.14294, algorithm 1) with the
 * KoLeo and iBOT terms of DINOv2 (arXiv 2304.07193): a {@link DinoNetwork} student trained by
 * {@link AdamW} to predict an EMA teacher's centred, sharpened distribution across multi-crop
 * views, with cosine schedules for the learning rate, weight decay and teacher momentum.
 *
 * <p>Batches come from a {@link BatchSource}; a prefetch thread reads and augments them into a
 * bounded queue ({@link TrainParams#prefetchBatches()}), so the source waits when the trainer
 * is behind. Every {@link TrainParams#checkpointEverySteps()} steps, and at the last step, the
 * student, teacher, optimiser moments, DINO centre, step, batch-stream position and the
 * source's {@link #putCheckpointExtra extras} are saved
 * atomically; {@link #resume} continues the same run, giving the same losses as an
 * uninterrupted one.
 *
 * <p>With {@link TrainParams#ibotWeight()} above 0 the student's global views are masked
 * (iBOT) and an {@link IbotPatchLoss} on the masked patches joins the DINO and KoLeo terms.
 *
 * <p>One thread drives a trainer. PyTorch's intra-op thread count is set by the JVM property
 * {@code ai.djl.pytorch.num_threads} at engine start (the launcher and the tests set it).
 */
public final class DinoTrainer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DinoTrainer.class);
    private static final String PARAMS_FILE = "params.properties";
    private static final String STATE_FILE = "state.properties";
    private static final String STUDENT_FILE = "student.params";
    private static final String TEACHER_FILE = "teacher.params";
    private static final String OPTIMIZER_FILE = "optimizer.ndlist";
    private static final String EXTRAS_FILE = "extras.properties";

    private final TrainParams params;
    private final NDManager manager;
    private final ParameterStore parameterStore;
    private final DinoNetwork student;
    private final DinoNetwork teacher;
    private final DinoLoss dinoLoss;
    private final IbotPatchLoss ibotLoss;
    private final KoLeoLoss koleo = new KoLeoLoss();
    private final AdamW optimizer;
    private long step;
    private long nextSequence;
    private final Map<String, String> extras = new TreeMap<>();

    private DinoTrainer(TrainParams params) {
        this.params = params;
        this.manager = NDManager.newBaseManager();
        this.parameterStore = new ParameterStore(manager, false);
        Engine.getInstance().setRandomSeed((int) (params.seed() ^ (params.seed() >>> 32)));
        gradModeOffOnThisThread();
        this.student = DinoNetwork.create(manager, params.model());
        this.teacher = DinoNetwork.create(manager, params.model());
        CheckpointFiles.copyParameters(manager, student, teacher);
        attachGradients();
        this.dinoLoss = new DinoLoss(manager, params.model().prototypes(), params.studentTemp(),
                params.centerMomentum());
        this.ibotLoss = new IbotPatchLoss(manager, params.model().prototypes(),
                params.studentTemp(), params.centerMomentum());
        this.optimizer = new AdamW(manager, trainedParameters(student));
    }

    /**
     * Starts a new run: student and teacher initialised identically from the seed.
     *
     * @param params the run's parameters
     * @return the trainer, at step 0
     */
    public static DinoTrainer create(TrainParams params) {
        LOG.info("new DINO run: {}, engine {} {}", params, Engine.getInstance().getEngineName(),
                Engine.getInstance().getVersion());
        return new DinoTrainer(params);
    }

    /**
     * Continues the run saved under {@code checkpointRoot}, with the parameters it was saved
     * with.
     *
     * @param checkpointRoot the folder {@link #train} wrote checkpoints to
     * @return the trainer at the checkpoint's step
     * @throws IllegalArgumentException if the folder holds no complete checkpoint
     * @throws UncheckedIOException if a checkpoint file cannot be read
     */
    public static DinoTrainer resume(Path checkpointRoot) {
        Path dir = Checkpoints.latest(checkpointRoot).orElseThrow(() ->
                new IllegalArgumentException("no checkpoint in " + checkpointRoot + " (no "
                        + Checkpoints.LATEST + " file): start a new run instead of resuming"));
        TrainParams params = TrainParams.fromProperties(
                CheckpointFiles.readProperties(dir.resolve(PARAMS_FILE)));
        DinoTrainer trainer = new DinoTrainer(params);
        try {
            trainer.load(dir);
        } catch (RuntimeException e) {
            trainer.close();
            throw e;
        }
        LOG.info("resumed DINO run from {} at step {} of {}, next batch {}", dir, trainer.step,
                params.totalSteps(), trainer.nextSequence);
        return trainer;
    }

    /** Returns the run's parameters. */
    public TrainParams params() {
        return params;
    }

    /** Returns the number of steps done. */
    public long step() {
        return step;
    }

    /** Returns the sequence number of the next batch the run will train on. */
    public long nextSequence() {
        return nextSequence;
    }

    /**
     * Sets a value saved with every later checkpoint and read back by {@link #resume}: what a
     * batch source needs to rebuild itself (its settings, its position). Call from the thread
     * that drives the trainer, e.g. from {@link TrainListener#onStep}, which runs before that
     * step's checkpoint.
     *
     * @param key the name, non-empty
     * @param value the value, non-null
     */
    public void putCheckpointExtra(String key, String value) {
        if (key == null || key.isEmpty() || value == null) {
            throw new IllegalArgumentException("checkpoint extra '" + key + "' = '" + value
                    + "': expected a non-empty key and a value");
        }
        extras.put(key, value);
    }

    /** Returns the checkpoint extras: those put, or those the resumed checkpoint held. */
    public Map<String, String> checkpointExtras() {
        return Map.copyOf(extras);
    }

    /** Returns the teacher network (the one to embed with), owned by this trainer. */
    public DinoNetwork teacher() {
        return teacher;
    }

    /**
     * Returns the teacher backbone's CLS features of {@code n} images, with batch norms in
     * inference mode (running statistics), so a tile's features do not depend on its batch.
     *
     * @param images {@code n x 3 x s x s} values, {@code s} the global crop side, normalised as
     *     {@link MultiCrop} does
     * @param n number of images, at least 1
     * @return {@code n x embedDim} row-major features
     */
    public float[] teacherFeatures(float[] images, int n) {
        gradModeOffOnThisThread();
        int s = params.model().globalCropPx();
        try (NDScope scope = new NDScope()) {
            NDArray x = manager.create(images, new Shape(n, 3, s, s));
            NDList out = teacher.backbone().forward(parameterStore, new NDList(x), false);
            return out.get(0).toFloatArray();
        }
    }

    /**
     * Trains until {@link TrainParams#totalSteps()} or the end of the batch stream.
     *
     * @param source the batch stream; positioned here at {@link #nextSequence()}
     * @param images tile pixels; missing tiles are counted and skipped
     * @param listener progress, called on this thread
     * @param checkpointRoot folder for checkpoints, created when missing
     * @return what the call did
     * @throws InterruptedException if interrupted while waiting for a batch
     * @throws IllegalArgumentException if a new run (step 0) is pointed at a folder that
     *     already holds a run's checkpoints, which it would overwrite
     */
    public TrainSummary train(BatchSource source, TileImageSource images,
            TrainListener listener, Path checkpointRoot) throws InterruptedException {
        long firstStep = step;
        if (step == 0) {
            Checkpoints.latest(checkpointRoot).ifPresent(dir -> {
                throw new IllegalArgumentException("checkpoint folder " + checkpointRoot
                        + " already holds a run (latest " + dir.getFileName() + "): resume it "
                        + "or start the new run in another folder");
            });
        }
        gradModeOffOnThisThread();
        source.skipTo(nextSequence);
        int grid = params.model().globalGrid();
        ViewMaker views = new ViewMaker(images, new MultiCrop(params.crops()), params.seed(),
                ibot() ? grid * grid : 0);
        RunCounters run = new RunCounters();
        Path lastCheckpoint = null;
        long start = System.nanoTime();
        try (BoundedPrefetch<ViewBatch> prefetch = new BoundedPrefetch<>("curate-train-prefetch",
                params.prefetchBatches(), () -> nextViews(source, views))) {
            while (step < params.totalSteps()) {
                long stepStart = System.nanoTime();
                long waitBefore = prefetch.waitNanos();
                Optional<ViewBatch> next = prefetch.take();
                if (next.isEmpty()) {
                    LOG.warn("batch stream ended at step {} of {}; the run stops early", step,
                            params.totalSteps());
                    break;
                }
                ViewBatch batch = next.get();
                nextSequence = batch.batch().sequence() + 1;
                run.missing += batch.missing();
                if (batch.tiles() < 2) {
                    run.skipped++;
                    LOG.warn("batch {} has {} readable tiles of {}; skipped (a step needs 2)",
                            batch.batch().sequence(), batch.tiles(), batch.batch().size());
                    continue;
                }
                float[] losses = trainStep(batch);
                if (!Float.isFinite(losses[0])) {
                    throw new IllegalStateException(String.format("loss became %s at step %d "
                            + "(dino %s, koleo %s, ibot %s); the run stops, its last checkpoint "
                            + "in %s stays valid", losses[0], step + 1, losses[1], losses[2],
                            losses[3], checkpointRoot));
                }
                step++;
                run.images += batch.tiles();
                run.lastLoss = losses[0];
                double waitMs = (prefetch.waitNanos() - waitBefore) / 1e6;
                double stepMs = (System.nanoTime() - stepStart) / 1e6;
                listener.onStep(stats(batch, losses, waitMs, stepMs));
                if (step % params.checkpointEverySteps() == 0 || step == params.totalSteps()) {
                    lastCheckpoint = saveCheckpoint(checkpointRoot);
                    listener.onCheckpoint(step, lastCheckpoint);
                }
            }
            run.waitNanos = prefetch.waitNanos();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        TrainSummary summary = new TrainSummary(firstStep, step, run.lastLoss, run.images,
                run.missing, run.skipped, seconds, run.waitNanos / 1e9, lastCheckpoint);
        LOG.info("{}", summary.describe());
        return summary;
    }

    /**
     * Turns PyTorch's autograd recording off for the calling thread outside the gradient
     * collector. The mode is per thread and on by default; PyTorch turns it off only on the
     * thread that starts the engine, so a trainer driven from another thread (a verticle's)
     * would record the optimiser's and the EMA's in-place updates and fail on them.
     */
    private static void gradModeOffOnThisThread() {
        JniUtils.setGradMode(false);
    }

    /** Per-call tallies of {@link #train}. */
    private static final class RunCounters {
        long images;
        long missing;
        long skipped;
        long waitNanos;
        float lastLoss = Float.NaN;
    }

    private static Optional<ViewBatch> nextViews(BatchSource source, ViewMaker views)
            throws InterruptedException {
        return source.next().map(views::make);
    }

    /** Runs one optimiser step; returns {total, dino, koleo, ibot}. */
    private float[] trainStep(ViewBatch batch) {
        long s = step;
        try (NDScope scope = new NDScope()) {
            int n = batch.tiles();
            CropParams c = params.crops();
            NDArray globals = manager.create(batch.globals(), new Shape(
                    CropParams.GLOBAL_CROPS * n, 3, c.globalCropPx(), c.globalCropPx()));

            // teacher targets, outside the gradient collector
            NDList teacherOut = teacher.forward(parameterStore, new NDList(globals), true);
            List<NDArray> teacherLogits = chunks(teacherOut.get(DinoNetwork.LOGITS),
                    CropParams.GLOBAL_CROPS);
            List<NDArray> teacherPatches = ibot() ? chunks(teacher.patchLogits(parameterStore,
                    teacherOut.get(DinoNetwork.PATCHES), true), CropParams.GLOBAL_CROPS) : null;

            // student forward, loss and gradients
            float[] losses;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                losses = studentLosses(batch, globals, teacherLogits, teacherPatches, collector);
            }

            // optimiser, teacher EMA and centres, outside the collector
            optimizer.step(params.learningRate().valueAt(s), params.weightDecay().valueAt(s));
            updateTeacher((float) params.teacherMomentum().valueAt(s));
            dinoLoss.updateCenter(teacherLogits);
            if (teacherPatches != null) {
                ibotLoss.updateCenter(teacherPatches);
            }
            return losses;
        }
    }

    private boolean ibot() {
        return params.ibotWeight() > 0;
    }

    /** The student's forward passes, the loss terms and the backward pass. */
    private float[] studentLosses(ViewBatch batch, NDArray globals, List<NDArray> teacherLogits,
            List<NDArray> teacherPatches, GradientCollector collector) {
        int n = batch.tiles();
        CropParams c = params.crops();
        NDList input = new NDList(globals);
        NDArray masks = null;
        if (ibot()) {
            long patches = batch.masks().length / ((long) CropParams.GLOBAL_CROPS * n);
            masks = manager.create(batch.masks(), new Shape(CropParams.GLOBAL_CROPS * n,
                    patches));
            input.add(masks);
        }
        NDList studentGlobal = student.forward(parameterStore, input, true);
        List<NDArray> studentLogits = new ArrayList<>(chunks(
                studentGlobal.get(DinoNetwork.LOGITS), CropParams.GLOBAL_CROPS));
        if (c.localCrops() > 0) {
            NDArray locals = manager.create(batch.locals(), new Shape(
                    (long) c.localCrops() * n, 3, c.localCropPx(), c.localCropPx()));
            NDList studentLocal = student.forward(parameterStore, new NDList(locals), true);
            studentLogits.addAll(chunks(studentLocal.get(DinoNetwork.LOGITS), c.localCrops()));
        }
        NDArray dino = dinoLoss.compute(studentLogits, teacherLogits, params.teacherTemp());
        NDArray total = dino;
        float[] losses = new float[4];
        if (params.koleoWeight() > 0) {
            NDArray koleoTerm = koleoOfGlobals(studentGlobal.get(DinoNetwork.FEATURES));
            total = total.add(koleoTerm.mul(params.koleoWeight()));
            losses[2] = koleoTerm.getFloat();
        }
        if (masks != null) {
            List<NDArray> studentPatches = chunks(student.patchLogits(parameterStore,
                    studentGlobal.get(DinoNetwork.PATCHES), true), CropParams.GLOBAL_CROPS);
            NDArray ibotTerm = ibotLoss.compute(studentPatches, teacherPatches,
                    chunks(masks, CropParams.GLOBAL_CROPS), params.teacherTemp());
            total = total.add(ibotTerm.mul(params.ibotWeight()));
            losses[3] = ibotTerm.getFloat();
        }
        collector.backward(total);
        losses[0] = total.getFloat();
        losses[1] = dino.getFloat();
        return losses;
    }

    /** KoLeo on each global view's CLS features separately, averaged (as DINOv2). */
    private NDArray koleoOfGlobals(NDArray features) {
        List<NDArray> views = chunks(features, CropParams.GLOBAL_CROPS);
        NDArray sum = koleo.compute(views.get(0));
        for (int v = 1; v < views.size(); v++) {
            sum = sum.add(koleo.compute(views.get(v)));
        }
        return sum.div(views.size());
    }

    private static List<NDArray> chunks(NDArray rows, int parts) {
        return new ArrayList<>(rows.split(parts));
    }

    /** teacher = m teacher + (1 - m) student, parameter by parameter, in place. */
    private void updateTeacher(float momentum) {
        List<Parameter> s = allParameters(student);
        List<Parameter> t = allParameters(teacher);
        for (int i = 0; i < s.size(); i++) {
            NDArray tw = t.get(i).getArray();
            tw.muli(momentum).addi(s.get(i).getArray().mul(1 - momentum));
        }
    }

    private TrainStepStats stats(ViewBatch batch, float[] losses, double waitMs, double stepMs) {
        long s = step - 1;
        return new TrainStepStats(step, params.totalSteps(), losses[0], losses[1], losses[2],
                losses[3], params.learningRate().valueAt(s), params.weightDecay().valueAt(s),
                params.teacherMomentum().valueAt(s), batch.tiles(), batch.missing(),
                batch.batch().duplicates(), batch.batch().stratumCounts(),
                batch.tiles() / (stepMs / 1000), waitMs, stepMs);
    }

    /**
     * Saves a checkpoint of the current step under {@code root} (see {@link Checkpoints}).
     *
     * @param root the checkpoint folder
     * @return the new checkpoint's folder
     * @throws UncheckedIOException if writing fails; the previous checkpoint stays valid
     */
    public Path saveCheckpoint(Path root) {
        Path dir = Checkpoints.write(root, step, this::writeInto);
        LOG.debug("checkpoint at step {}: {}", step, dir);
        return dir;
    }

    private void writeInto(Path dir) throws IOException {
        CheckpointFiles.writeProperties(dir.resolve(PARAMS_FILE), params.toProperties());
        Properties state = new Properties();
        state.setProperty("step", Long.toString(step));
        state.setProperty("nextSequence", Long.toString(nextSequence));
        state.setProperty("optimizerUpdates", Long.toString(optimizer.updates()));
        state.setProperty("center", CheckpointFiles.joined(dinoLoss.center()));
        state.setProperty("patchCenter", CheckpointFiles.joined(ibotLoss.center()));
        CheckpointFiles.writeProperties(dir.resolve(STATE_FILE), state);
        Properties extra = new Properties();
        extra.putAll(extras);
        CheckpointFiles.writeProperties(dir.resolve(EXTRAS_FILE), extra);
        CheckpointFiles.writeBlock(dir.resolve(STUDENT_FILE), student);
        CheckpointFiles.writeBlock(dir.resolve(TEACHER_FILE), teacher);
        try (OutputStream out = new BufferedOutputStream(
                Files.newOutputStream(dir.resolve(OPTIMIZER_FILE)))) {
            optimizer.state().encode(out);
        }
    }

    private void load(Path dir) {
        Properties state = CheckpointFiles.readProperties(dir.resolve(STATE_FILE));
        CheckpointFiles.readBlock(manager, dir.resolve(STUDENT_FILE), student);
        CheckpointFiles.readBlock(manager, dir.resolve(TEACHER_FILE), teacher);
        attachGradients();
        try (InputStream in = new BufferedInputStream(
                Files.newInputStream(dir.resolve(OPTIMIZER_FILE)))) {
            NDList moments = NDList.decode(manager, in);
            optimizer.restore(moments, Long.parseLong(state.getProperty("optimizerUpdates")));
            moments.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.resolve(OPTIMIZER_FILE), e);
        }
        dinoLoss.setCenter(CheckpointFiles.floats(state.getProperty("center", "")));
        ibotLoss.setCenter(CheckpointFiles.floats(state.getProperty("patchCenter", "")));
        step = Long.parseLong(state.getProperty("step"));
        if (Files.exists(dir.resolve(EXTRAS_FILE))) {
            Properties extra = CheckpointFiles.readProperties(dir.resolve(EXTRAS_FILE));
            extra.stringPropertyNames().forEach(k -> extras.put(k, extra.getProperty(k)));
        }
        nextSequence = Long.parseLong(state.getProperty("nextSequence"));
    }

    /** Marks the student's trained parameters for gradients (again after a load). */
    private void attachGradients() {
        for (Parameter p : trainedParameters(student)) {
            p.getArray().setRequiresGradient(true);
        }
    }

    private static List<Parameter> allParameters(DinoNetwork net) {
        List<Parameter> out = new ArrayList<>();
        for (Pair<String, Parameter> p : net.getParameters()) {
            out.add(p.getValue());
        }
        return out;
    }

    private static List<Parameter> trainedParameters(DinoNetwork net) {
        List<Parameter> out = new ArrayList<>();
        for (Parameter p : allParameters(net)) {
            if (p.requiresGradient()) {
                out.add(p);
            }
        }
        return out;
    }

    @Override
    public void close() {
        dinoLoss.close();
        ibotLoss.close();
        manager.close();
    }
}

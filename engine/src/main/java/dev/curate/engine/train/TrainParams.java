package dev.curate.engine.train;

import dev.curate.engine.train.data.CropParams;
import dev.curate.engine.train.model.ModelConfig;
import java.util.Properties;

/**
 * Everything that decides a training run; a checkpoint stores it so that a resumed run
 * continues the same run.
 *
 * @param model network sizes
 * @param crops multi-crop sizes, counts, scales and jitter; crop sides must match the model's
 * @param batchSize tiles per batch, at least 2 (KoLeo needs a neighbour, field case C06)
 * @param totalSteps optimiser steps of the whole run, at least 1
 * @param warmupSteps steps of linear learning-rate warm-up from 0, 0 to {@code totalSteps}
 * @param baseLr AdamW learning rate after warm-up, positive
 * @param minLr learning rate at the last step, 0 to {@code baseLr}
 * @param weightDecayStart AdamW decoupled weight decay at step 0 (DINO: 0.04), at least 0
 * @param weightDecayEnd weight decay at the last step (DINO: 0.4), at least 0
 * @param momentumStart teacher EMA momentum at step 0, 0 to 1
 * @param momentumEnd teacher EMA momentum at the last step (DINO: 1), 0 to 1
 * @param studentTemp student softmax temperature (DINO: 0.1), positive
 * @param teacherTemp teacher softmax temperature (DINO: 0.04), positive
 * @param centerMomentum weight of the old centre in its update (DINO: 0.9), 0 to 1
 * @param koleoWeight weight of the KoLeo term on the student's global CLS features (DINOv2:
 *     0.1), at least 0; 0 leaves it out
 * @param ibotWeight weight of the iBOT masked-patch term (DINOv2: 1), at least 0; 0 leaves it
 *     out and masks nothing. LIMIT: with weight 1, 2 of about 10 seeded 300-step test runs
 *     inside the full test JVM diverged (once to NaN) though standalone runs of 5 seeds
 *     converge and repeat bitwise; the default is 0 until the cause is found.
 * @param prefetchBatches batches of views the prefetch thread may hold ready, at least 1
 * @param checkpointEverySteps steps between checkpoints, at least 1 (the last step always
 *     saves one)
 * @param seed seed of the initial parameters, the batch stream and the augmentation
 */
public record TrainParams(ModelConfig model, CropParams crops, int batchSize, long totalSteps,
        long warmupSteps, double baseLr, double minLr, double weightDecayStart,
        double weightDecayEnd, double momentumStart, double momentumEnd, float studentTemp,
        float teacherTemp, float centerMomentum, float koleoWeight, float ibotWeight,
        int prefetchBatches,
        long checkpointEverySteps, long seed) {

    /** Validates the ranges given in the record's documentation. */
    public TrainParams {
        if (crops.globalCropPx() != model.globalCropPx()
                || crops.localCropPx() != model.localCropPx()) {
            throw new IllegalArgumentException("crop sides " + crops.globalCropPx() + " / "
                    + crops.localCropPx() + " px differ from the model's "
                    + model.globalCropPx() + " / " + model.localCropPx() + " px");
        }
        if (batchSize < 2) {
            throw new IllegalArgumentException("batch size " + batchSize + " must be at least "
                    + "2: KoLeo and the batch norm need two tiles (field case C06)");
        }
        if (totalSteps < 1 || warmupSteps < 0 || warmupSteps > totalSteps) {
            throw new IllegalArgumentException("steps " + totalSteps + " must be at least 1 and"
                    + " warm-up " + warmupSteps + " within 0.." + totalSteps);
        }
        if (!(baseLr > 0) || !(minLr >= 0) || minLr > baseLr) {
            throw new IllegalArgumentException("learning rates must satisfy 0 <= minLr <= baseLr"
                    + " and baseLr > 0; got " + minLr + " and " + baseLr);
        }
        if (!(weightDecayStart >= 0) || !(weightDecayEnd >= 0)) {
            throw new IllegalArgumentException("weight decay " + weightDecayStart + " -> "
                    + weightDecayEnd + " must be at least 0");
        }
        if (!inUnit(momentumStart) || !inUnit(momentumEnd) || !inUnit(centerMomentum)) {
            throw new IllegalArgumentException("momenta must lie in [0, 1]; got teacher "
                    + momentumStart + " -> " + momentumEnd + ", centre " + centerMomentum);
        }
        if (!(studentTemp > 0) || !(teacherTemp > 0) || !(koleoWeight >= 0)
                || !(ibotWeight >= 0)) {
            throw new IllegalArgumentException("temperatures must be positive and the KoLeo "
                    + "and iBOT weights at least 0; got " + studentTemp + ", " + teacherTemp
                    + ", " + koleoWeight + ", " + ibotWeight);
        }
        if (prefetchBatches < 1 || checkpointEverySteps < 1) {
            throw new IllegalArgumentException("prefetch " + prefetchBatches
                    + " batches and checkpoint period " + checkpointEverySteps
                    + " steps must both be at least 1");
        }
    }

    /**
     * Returns the defaults for a model: batch 32, 10 % warm-up, learning rate 5e-4 to 1e-6,
     * weight decay 0.04 to 0.4, teacher momentum 0.99 to 1 (DINO starts at 0.996, which is
     * too slow a teacher for runs of a few hundred steps), temperatures 0.1 / 0.04, centre
     * momentum 0.9, KoLeo 0.1, iBOT off (see {@link #ibotWeight()}), 4 batches of prefetch,
     * a checkpoint every 100 steps, seed 0.
     *
     * @param model network sizes; the crops use its sides with {@link CropParams#defaults}
     * @param totalSteps steps of the run
     */
    public static TrainParams defaults(ModelConfig model, long totalSteps) {
        return new TrainParams(model, CropParams.defaults(model.globalCropPx(),
                model.localCropPx()), 32, totalSteps, totalSteps / 10, 5e-4, 1e-6, 0.04, 0.4,
                0.99, 1.0, 0.1f, 0.04f, 0.9f, 0.1f, 0f, 4, 100, 0);
    }

    /** Returns a copy with another step count (and the default 10 % warm-up). */
    public TrainParams withSteps(long steps) {
        return new TrainParams(model, crops, batchSize, steps, steps / 10, baseLr, minLr,
                weightDecayStart, weightDecayEnd, momentumStart, momentumEnd, studentTemp,
                teacherTemp, centerMomentum, koleoWeight, ibotWeight, prefetchBatches,
                checkpointEverySteps, seed);
    }

    /** Returns a copy with another batch size, seed and checkpoint period. */
    public TrainParams with(int batch, long newSeed, long checkpointEvery) {
        return new TrainParams(model, crops, batch, totalSteps, warmupSteps, baseLr, minLr,
                weightDecayStart, weightDecayEnd, momentumStart, momentumEnd, studentTemp,
                teacherTemp, centerMomentum, koleoWeight, ibotWeight, prefetchBatches,
                checkpointEvery, newSeed);
    }

    /** Returns a copy with another learning rate after warm-up. */
    public TrainParams withBaseLr(double lr) {
        return new TrainParams(model, crops, batchSize, totalSteps, warmupSteps, lr,
                Math.min(minLr, lr), weightDecayStart, weightDecayEnd, momentumStart,
                momentumEnd, studentTemp, teacherTemp, centerMomentum, koleoWeight, ibotWeight,
                prefetchBatches, checkpointEverySteps, seed);
    }

    /** Returns a copy with another number of local crops per tile. */
    public TrainParams withLocalCrops(int localCrops) {
        CropParams c = new CropParams(crops.globalCropPx(), crops.localCropPx(), localCrops,
                crops.globalScaleMin(), crops.localScaleMin(), crops.localScaleMax(),
                crops.stainJitter());
        return new TrainParams(model, c, batchSize, totalSteps, warmupSteps, baseLr, minLr,
                weightDecayStart, weightDecayEnd, momentumStart, momentumEnd, studentTemp,
                teacherTemp, centerMomentum, koleoWeight, ibotWeight, prefetchBatches,
                checkpointEverySteps, seed);
    }

    /** Returns a copy with other KoLeo and iBOT weights. */
    public TrainParams withTermWeights(float koleo, float ibot) {
        return new TrainParams(model, crops, batchSize, totalSteps, warmupSteps, baseLr, minLr,
                weightDecayStart, weightDecayEnd, momentumStart, momentumEnd, studentTemp,
                teacherTemp, centerMomentum, koleo, ibot, prefetchBatches, checkpointEverySteps,
                seed);
    }

    /** Returns the learning-rate schedule. */
    public CosineSchedule learningRate() {
        return new CosineSchedule(baseLr, minLr, 0, warmupSteps, totalSteps);
    }

    /** Returns the weight-decay schedule. */
    public CosineSchedule weightDecay() {
        return CosineSchedule.of(weightDecayStart, weightDecayEnd, totalSteps);
    }

    /** Returns the teacher-momentum schedule. */
    public CosineSchedule teacherMomentum() {
        return CosineSchedule.of(momentumStart, momentumEnd, totalSteps);
    }

    /** Writes every field as text, for a checkpoint. */
    public Properties toProperties() {
        Properties p = new Properties();
        ModelConfig m = model;
        put(p, "model", m.globalCropPx(), m.localCropPx(), m.patchPx(), m.embedDim(),
                m.depth(), m.heads(), m.mlpDim(), m.headHiddenDim(), m.headBottleneckDim(),
                m.prototypes());
        put(p, "crops", crops.globalCropPx(), crops.localCropPx(), crops.localCrops(),
                crops.globalScaleMin(), crops.localScaleMin(), crops.localScaleMax(),
                crops.stainJitter());
        put(p, "run", batchSize, totalSteps, warmupSteps, baseLr, minLr, weightDecayStart,
                weightDecayEnd, momentumStart, momentumEnd, studentTemp, teacherTemp,
                centerMomentum, koleoWeight, ibotWeight, prefetchBatches, checkpointEverySteps,
                seed);
        return p;
    }

    /**
     * Reads what {@link #toProperties} wrote.
     *
     * @param p the properties
     * @return the parameters
     * @throws IllegalArgumentException if a field is missing or malformed
     */
    public static TrainParams fromProperties(Properties p) {
        String[] m = get(p, "model", 10);
        String[] c = get(p, "crops", 7);
        String[] r = get(p, "run", 17);
        ModelConfig model = new ModelConfig(i(m[0]), i(m[1]), i(m[2]), i(m[3]), i(m[4]),
                i(m[5]), i(m[6]), i(m[7]), i(m[8]), i(m[9]));
        CropParams crops = new CropParams(i(c[0]), i(c[1]), i(c[2]), f(c[3]), f(c[4]),
                f(c[5]), f(c[6]));
        return new TrainParams(model, crops, i(r[0]), l(r[1]), l(r[2]), d(r[3]), d(r[4]),
                d(r[5]), d(r[6]), d(r[7]), d(r[8]), f(r[9]), f(r[10]), f(r[11]), f(r[12]),
                f(r[13]), i(r[14]), l(r[15]), l(r[16]));
    }

    private static boolean inUnit(double v) {
        return v >= 0 && v <= 1;
    }

    private static void put(Properties p, String key, Object... values) {
        StringBuilder s = new StringBuilder();
        for (Object v : values) {
            s.append(s.length() == 0 ? "" : ",").append(v);
        }
        p.setProperty(key, s.toString());
    }

    private static String[] get(Properties p, String key, int count) {
        String value = p.getProperty(key);
        String[] parts = value == null ? new String[0] : value.split(",");
        if (parts.length != count) {
            throw new IllegalArgumentException("training parameters '" + key + "' hold "
                    + parts.length + " values, expected " + count + ": " + value);
        }
        return parts;
    }

    private static int i(String s) {
        return Integer.parseInt(s.trim());
    }

    private static long l(String s) {
        return Long.parseLong(s.trim());
    }

    private static float f(String s) {
        return Float.parseFloat(s.trim());
    }

    private static double d(String s) {
        return Double.parseDouble(s.trim());
    }
}

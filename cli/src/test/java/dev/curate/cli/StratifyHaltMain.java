package dev.curate.cli;

import dev.curate.engine.stratify.BatchStats;
import dev.curate.engine.stratify.EpochReport;
import dev.curate.engine.stratify.StratifyListener;
import java.util.Arrays;

/**
 * Child-JVM entry for the kill tests: runs {@code curate} with the arguments after the first
 * two and halts the JVM (no shutdown hooks, like a kill) at a chosen point: {@code EPOCH BATCH}
 * halts after that batch is drawn; {@code EPOCH written} halts once the epoch's files are
 * written but before its checkpoint.
 */
public final class StratifyHaltMain {

    /** The exit status of a halted child. */
    static final int HALTED = 97;

    private StratifyHaltMain() {
    }

    public static void main(String[] args) {
        int epoch = Integer.parseInt(args[0]);
        boolean afterWrite = args[1].equals("written");
        int batch = afterWrite ? -1 : Integer.parseInt(args[1]);
        StratifyCommand.extraListener = new StratifyListener() {
            @Override
            public void onBatch(int e, int b, BatchStats stats) {
                if (e == epoch && b == batch) {
                    Runtime.getRuntime().halt(HALTED);
                }
            }

            @Override
            public void onEpochWritten(int e, EpochReport report) {
                if (afterWrite && e == epoch) {
                    Runtime.getRuntime().halt(HALTED);
                }
            }
        };
        String[] rest = Arrays.copyOfRange(args, 2, args.length);
        System.exit(CurateCommand.commandLine().execute(rest));
    }
}

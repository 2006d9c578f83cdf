package dev.curate.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.UsageMessageSpec;

/** The top-level {@code curate} command; every job is one of its subcommands. */
@Command(name = "curate",
        mixinStandardHelpOptions = true,
        version = "curate 0.1.0",
        description = "Curates tile embeddings for pathology foundation models.",
        subcommands = {IngestCommand.class, ClusterCommand.class, SampleCommand.class,
            ExportCommand.class, ImportTreeCommand.class, DemoCommand.class,
            MetadataSampleCommand.class, StandardizeTissueCommand.class, StratifyCommand.class,
            NodeCommand.class, LaunchCommand.class, ServeCommand.class,
            TrainCommand.class, EmbedCommand.class,
            CommandLine.HelpCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  ok", "  1  the run failed", "  2  bad input (options, files, data)"})
public final class CurateCommand implements Runnable {

    /** Exit code for a run that failed after its input was accepted. */
    public static final int EXIT_FAILED = 1;
    /** Exit code for input that was refused: options, files or data. */
    public static final int EXIT_BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    Logging logging;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand");
    }

    /** Builds the command line with our exit-code mapping and error printing. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new CurateCommand());
        // every subcommand's help ends with the exit codes, as the top-level help does
        String[] codes = cli.getCommandSpec().usageMessage().footer();
        // an alias maps to the same CommandLine again (cluster and kmeans): add its footer once
        for (CommandLine sub : new LinkedHashSet<>(cli.getSubcommands().values())) {
            UsageMessageSpec usage = sub.getCommandSpec().usageMessage();
            List<String> footer = new ArrayList<>(List.of(usage.footer()));
            footer.add("%nExit codes:");
            footer.addAll(List.of(codes));
            usage.footer(footer.toArray(String[]::new));
        }
        cli.setExecutionExceptionHandler(CurateCommand::handleFailure);
        cli.setParameterExceptionHandler(CurateCommand::handleBadOptions);
        return cli;
    }

    public static void main(String[] args) {
        // Aparapi and netlib log through java.util.logging; send it to our SLF4J backend.
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        System.exit(commandLine().execute(args));
    }

    private static int handleBadOptions(CommandLine.ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println("error: " + e.getMessage());
        e.getCommandLine().usage(err);
        return EXIT_BAD_INPUT;
    }

    private static int handleFailure(Exception e, CommandLine cli,
            CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        boolean badInput = e instanceof IllegalArgumentException;
        err.println((badInput ? "bad input: " : "failed: ") + e.getMessage());
        if (Logging.stackTraces()) {
            e.printStackTrace(err);
        }
        return badInput ? EXIT_BAD_INPUT : EXIT_FAILED;
    }
}

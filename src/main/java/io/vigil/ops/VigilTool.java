package io.vigil.ops;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code bin/vigil}: the operator's command line. Each subcommand is its own class; picocli parses the
 * arguments, prints usage and errors.
 */
@Command(name = "vigil", mixinStandardHelpOptions = true, versionProvider = VigilTool.Version.class,
        description = "Plan, start and watch Vigil's replication with Sentinel failover.",
        subcommands = {UpCommand.class, StatusCommand.class, KillMasterCommand.class, StartCommand.class, DownCommand.class,
                PlanCommand.class})
public final class VigilTool implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs the tool and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the tool; returns the exit status (tests call this). */
    public static int run(String... args) {
        return new CommandLine(new VigilTool()).execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The version line. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"vigil " + VigilTool.class.getPackage().getImplementationVersion()};
        }
    }
}

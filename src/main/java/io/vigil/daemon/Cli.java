package io.vigil.daemon;

/**
 * The jar's entry point. The plain control commands ({@code vigil status}, {@code events}, {@code reload},
 * {@code stop}, {@code dump}) and {@code -v} are answered here, plain option lists ({@link QuickOptions}) run
 * {@link Main} without picocli, and everything else goes to {@link Main#main} (picocli). This class
 * names no type of the command-line library: the launcher reflects on the main class's methods, which would load
 * picocli (Java 5 class files, neither archived nor fast-verified) for a call that does not need it.
 */
public final class Cli {
    private Cli() {}

    public static void main(String[] args) {
        Integer quick = ControlClient.run(args, System.out, System.err);
        if (quick == null && args.length == 1 && (args[0].equals("-v") || args[0].equals("--version"))) {
            System.out.println(Main.VERSION);
            quick = 0;
        }
        if (quick == null) {
            Main.rememberArguments(args);
            Main options = QuickOptions.parse(args);
            if (options == null) {
                Main.main(args);
                return;
            }
            System.exit(Main.callQuietly(options));
        }
        System.out.flush();
        Runtime.getRuntime().halt(quick); // nothing to shut down: skip the JVM's exit sequence
    }
}

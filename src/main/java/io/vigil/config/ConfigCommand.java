package io.vigil.config;

import java.io.PrintStream;
import java.nio.file.Path;

/** The {@code -t} and {@code -d} command-line actions, kept here so the daemon's Main stays thin. */
public final class ConfigCommand {
    /** keepalived's exit code for a configuration error (KEEPALIVED_EXIT_CONFIG). */
    public static final int EXIT_CONFIG_ERROR = 5;

    private ConfigCommand() {
    }

    /** {@code -t}: prints every diagnostic, then a summary; 0 when valid, 5 otherwise. */
    public static int test(Path file, LoadOptions options, PrintStream out, PrintStream err) {
        return test(file, options, out, err, false);
    }

    /** {@code -t}; with {@code allConfig} (keepalived's -e) an include that matches no file is an error. */
    public static int test(Path file, LoadOptions options, PrintStream out, PrintStream err, boolean allConfig) {
        LoadResult r = ConfigLoader.load(file, options);
        for (Diagnostic d : r.diagnostics()) {
            err.println(allConfig && missingInclude(d) ? asError(d).format() : d.format());
        }
        int missing = allConfig ? (int) r.warnings().stream().filter(ConfigCommand::missingInclude).count() : 0;
        int errors = r.errors().size() + missing;
        int warnings = r.warnings().size() - missing;
        if (r.isValid() && missing == 0) {
            out.println(file + ": configuration OK" + (warnings > 0 ? " (" + warnings + " warning" + (warnings == 1 ? "" : "s") + ")" : ""));
            return 0;
        }
        err.println(file + ": " + errors + " error" + (errors == 1 ? "" : "s") + ", " + warnings + " warning" + (warnings == 1 ? "" : "s"));
        return EXIT_CONFIG_ERROR;
    }

    /**
     * The check before the daemon detaches: prints the errors and warnings (not the OK line) and returns 0 when the
     * daemon may start, 5 otherwise.
     */
    public static int check(Path file, LoadOptions options, PrintStream err, boolean allConfig) {
        LoadResult r = ConfigLoader.load(file, options);
        boolean bad = !r.isValid() || allConfig && r.warnings().stream().anyMatch(ConfigCommand::missingInclude);
        for (Diagnostic d : r.diagnostics()) {
            err.println(allConfig && missingInclude(d) ? asError(d).format() : d.format());
        }
        if (bad) {
            err.println(file + ": configuration has errors: not starting");
            return EXIT_CONFIG_ERROR;
        }
        return 0;
    }

    private static boolean missingInclude(Diagnostic d) {
        return d.severity() == Diagnostic.Severity.WARNING && d.message().equals("include pattern matches no file");
    }

    private static Diagnostic asError(Diagnostic d) {
        return new Diagnostic(Diagnostic.Severity.ERROR, d.pos(), d.message() + " (-e)", d.offending(), d.hint());
    }

    /** {@code -d}: prints diagnostics to err and the effective configuration to out. */
    public static int dump(Path file, LoadOptions options, PrintStream out, PrintStream err) {
        LoadResult r = ConfigLoader.load(file, options);
        for (Diagnostic d : r.diagnostics()) {
            err.println(d.format());
        }
        out.print(r.effectiveConfig());
        return r.isValid() ? 0 : EXIT_CONFIG_ERROR;
    }
}

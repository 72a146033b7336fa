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
        LoadResult r = ConfigLoader.load(file, options);
        for (Diagnostic d : r.diagnostics()) {
            err.println(d.format());
        }
        int errors = r.errors().size();
        int warnings = r.warnings().size();
        if (r.isValid()) {
            out.println(file + ": configuration OK" + (warnings > 0 ? " (" + warnings + " warning" + (warnings == 1 ? "" : "s") + ")" : ""));
            return 0;
        }
        err.println(file + ": " + errors + " error" + (errors == 1 ? "" : "s") + ", " + warnings + " warning" + (warnings == 1 ? "" : "s"));
        return EXIT_CONFIG_ERROR;
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

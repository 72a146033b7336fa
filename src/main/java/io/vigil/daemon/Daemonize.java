package io.vigil.daemon;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * keepalived forks into the background unless {@code -n}; a JVM cannot fork, so Vigil starts itself again with
 * {@code -n} in a new session (setsid), detached from the terminal, and returns.
 */
final class Daemonize {
    private Daemonize() {}

    /**
     * @param arguments the command line as given to main: not ProcessHandle's view of it, which is empty where the
     *                  kernel's copy is cut short (seen in a user-mode-linux guest with a long class path: the
     *                  background daemon then read the default configuration file)
     */
    static int relaunchInBackground(List<String> arguments) {
        // This JVM's own launcher, not whatever `java` is on the PATH.
        List<String> cmd = new ArrayList<>(List.of("setsid", java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Cli.class.getName());
        cmd.add("--dont-fork");
        cmd.addAll(arguments);
        try {
            new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            return 0;
        } catch (IOException e) {
            System.err.println("vigil: cannot start in the background: " + e.getMessage());
            return 1;
        }
    }
}

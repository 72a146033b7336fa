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

    static int relaunchInBackground() {
        List<String> cmd = new ArrayList<>(List.of("setsid", ProcessHandle.current().info().command().orElse("java")));
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Cli.class.getName());
        cmd.add("--dont-fork");
        cmd.addAll(ProcessHandle.current().info().arguments().map(Daemonize::mainArguments).orElse(List.of()));
        try {
            new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            return 0;
        } catch (IOException e) {
            System.err.println("vigil: cannot start in the background: " + e.getMessage());
            return 1;
        }
    }

    /** The arguments after the main class or jar in this JVM's command line. */
    private static List<String> mainArguments(String[] all) {
        for (int i = 0; i < all.length; i++) {
            if (all[i].equals("-jar") && i + 1 < all.length) return List.of(all).subList(i + 2, all.length);
            if (all[i].equals(Main.class.getName()) || all[i].equals(Cli.class.getName())) return List.of(all).subList(i + 1, all.length);
        }
        return List.of();
    }
}

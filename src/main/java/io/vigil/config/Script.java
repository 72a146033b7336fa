package io.vigil.config;

import java.util.Optional;

/**
 * A script keepalived runs: the command line (quoted in the configuration when it has arguments), and
 * optionally the user and group to run it as.
 */
public record Script(String command, Optional<String> user, Optional<String> group) {
    @Override
    public String toString() {
        return '"' + command + '"' + user.map(u -> " " + u).orElse("") + group.map(g -> " " + g).orElse("");
    }
}

package io.vigil.vrrp;

import java.util.List;

/**
 * A {@code vrrp_script} tracked by an instance. Runs every {@code intervalMillis}, killed after {@code timeoutMillis};
 * OK after {@code rise} successes in a row, KO after {@code fall} failures in a row. Weight 0: KO means FAULT;
 * positive: added while OK; negative: added while KO. {@code initFail}: starts KO (keepalived's {@code init_fail}).
 */
public record TrackedScript(String name, List<String> command, long intervalMillis, long timeoutMillis, int weight, int rise, int fall,
                            boolean initFail) {
    public TrackedScript {
        command = List.copyOf(command);
        if (rise < 1 || fall < 1) throw new IllegalArgumentException("rise and fall must be >= 1");
        if (intervalMillis <= 0) throw new IllegalArgumentException("interval must be > 0");
    }
}

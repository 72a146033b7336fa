package io.vigil.lb.nft;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code nft -j}: the kernel side of the nftables data plane, behind an interface so tests can fake it. */
public interface NftRunner {

    /** Result of one nft call: exit code and combined output. */
    record Result(int exit, String output) {
        public boolean ok() {
            return exit == 0;
        }
    }

    /** {@code nft -j -f /proc/self/fd/0} with the batch on stdin. */
    Result apply(String jsonBatch);

    /** {@code nft -j list table FAMILY vigil}: non-zero exit when the table does not exist. */
    Result listTable(String family);

    /** The real {@code nft} binary, optionally run through a prefix such as {@code ip netns exec NS}. */
    static NftRunner command(List<String> prefix) {
        return new NftRunner() {
            @Override
            public Result apply(String jsonBatch) {
                // nft opens "-" as /dev/stdin, a link that minimal systems lack (a bare devtmpfs, as in the
                // user-mode-linux guest): its target is always there where /proc is.
                return run(List.of("nft", "-j", "-f", "/proc/self/fd/0"), jsonBatch);
            }

            @Override
            public Result listTable(String family) {
                return run(List.of("nft", "-j", "list", "table", family, NftRuleset.TABLE), null);
            }

            private Result run(List<String> args, String stdin) {
                List<String> argv = new ArrayList<>(prefix);
                argv.addAll(args);
                try {
                    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
                    try (OutputStream in = p.getOutputStream()) {
                        if (stdin != null) in.write(stdin.getBytes(StandardCharsets.UTF_8));
                    }
                    byte[] out = p.getInputStream().readAllBytes();
                    if (!p.waitFor(30, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                        return new Result(-1, "nft timed out");
                    }
                    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
                } catch (IOException e) {
                    return new Result(-1, "cannot run nft: " + e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new Result(-1, "interrupted");
                }
            }
        };
    }
}

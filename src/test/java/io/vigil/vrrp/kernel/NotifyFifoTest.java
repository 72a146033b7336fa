package io.vigil.vrrp.kernel;

import io.vigil.sys.Libc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.FileReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** notify_fifo lines through a real FIFO: in transition order, and no wait when nobody reads yet. */
class NotifyFifoTest {
    @Test
    void linesReachTheReaderInOrderAndWritingNeedsNoReaderAtOpen(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("keepalived.fifo");
        Libc.mkfifo(fifo.toString(), 0600);
        ProcessScriptRunner runner = new ProcessScriptRunner();
        try {
            // Nobody reads yet: the writes complete (keepalived opens its FIFOs read-write for this reason).
            runner.writeFifo(fifo.toString(), "INSTANCE \"VI_1\" BACKUP 100").get(5, TimeUnit.SECONDS);
            for (int i = 0; i < 50; i++) runner.writeFifo(fifo.toString(), "INSTANCE \"VI_1\" " + (i % 2 == 0 ? "MASTER" : "BACKUP") + " " + i);
            runner.writeFifo(fifo.toString(), "GROUP \"G1\" MASTER 0").get(5, TimeUnit.SECONDS);
            List<String> lines = new ArrayList<>();
            try (BufferedReader in = new BufferedReader(new FileReader(fifo.toFile()))) {
                while (lines.size() < 52) lines.add(in.readLine());
            }
            assertThat(lines.getFirst()).isEqualTo("INSTANCE \"VI_1\" BACKUP 100");
            for (int i = 0; i < 50; i++) assertThat(lines.get(i + 1)).endsWith(" " + i);
            assertThat(lines.getLast()).isEqualTo("GROUP \"G1\" MASTER 0");
        } finally {
            runner.close();
        }
    }
}

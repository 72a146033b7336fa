package io.vigil.daemon;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The child's side of the protocol: the heartbeat is answered while a slow command runs; commands keep their order. */
class ChildMainTest {
    /** A subsystem whose reload waits until the test lets it go. */
    static final class SlowReload implements Subsystem {
        final CountDownLatch release = new CountDownLatch(1);
        final StringBuffer calls = new StringBuffer();

        @Override
        public void start(Context context) {
            calls.append("start;");
        }

        @Override
        public String reload() throws InterruptedException {
            calls.append("reload;");
            release.await();
            return "reloaded";
        }

        @Override
        public String status() {
            calls.append("status;");
            return "ok";
        }

        @Override
        public String dump(boolean stats) {
            return "";
        }

        @Override
        public void beginStop() {
            calls.append("beginStop;");
        }

        @Override
        public void close() {
            calls.append("close;");
        }
    }

    /** What the child wrote to the parent, readable while it runs. */
    static final class Out extends ByteArrayOutputStream {
        synchronized String text() {
            return toString(StandardCharsets.UTF_8);
        }
    }

    /** A child running {@link SlowReload} on its own thread, the test as its parent: the commands' pipe and the output. */
    record Running(SlowReload subsystem, Out out, PrintStream toChild, CompletableFuture<Integer> exit) {
        static Running start() throws java.io.IOException {
            SlowReload subsystem = new SlowReload();
            Out out = new Out();
            ChildMain child = new ChildMain(new PrintStream(out, true, StandardCharsets.UTF_8), subsystem);
            PipedOutputStream parent = new PipedOutputStream();
            PipedInputStream commands = new PipedInputStream(parent);
            Subsystem.Context context = new Subsystem.Context(Path.of("keepalived.conf"), null, false, (i, s) -> { });
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> {
                try {
                    return child.run(context, commands);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            return new Running(subsystem, out, new PrintStream(parent, true, StandardCharsets.UTF_8), exit);
        }
    }

    @Test
    void pingIsAnsweredWhileAReloadIsStillRunningAndLaterCommandsWaitForIt() throws Exception {
        Running child = Running.start();
        child.toChild().println("RELOAD 1");
        child.toChild().println("STATUS 2");
        child.toChild().println("PING 7");

        await().atMost(Duration.ofSeconds(30)).until(() -> child.out().text().contains("PONG 7"));
        assertThat(child.subsystem().calls.toString()).isEqualTo("start;reload;");
        assertThat(child.out().text()).doesNotContain("REPLY");

        child.subsystem().release.countDown();
        await().atMost(Duration.ofSeconds(30)).until(() -> child.out().text().contains("REPLY 2"));
        assertThat(child.out().text()).containsSubsequence("READY", "PONG 7", "REPLY 1 " + ChildProtocol.encode("reloaded"), "REPLY 2 " + ChildProtocol.encode("ok"));

        child.toChild().println("STOP");
        assertThat(child.exit().get()).isZero();
        assertThat(child.subsystem().calls.toString()).isEqualTo("start;reload;status;beginStop;close;");
    }

    /** The priority-0 adverts are on the failover path: STOP starts them at once, not after a command still running. */
    @Test
    void stopBeginsAtOnceWhileAReloadIsStillRunningAndClosesAfterIt() throws Exception {
        Running child = Running.start();
        child.toChild().println("RELOAD 1");
        await().atMost(Duration.ofSeconds(30)).until(() -> child.subsystem().calls.toString().contains("reload;"));
        child.toChild().println("STOP");

        await().atMost(Duration.ofSeconds(30)).until(() -> child.subsystem().calls.toString().contains("beginStop;"));
        assertThat(child.subsystem().calls.toString()).isEqualTo("start;reload;beginStop;");
        assertThat(child.exit()).isNotDone();

        child.subsystem().release.countDown();
        assertThat(child.exit().get()).isZero();
        assertThat(child.subsystem().calls.toString()).isEqualTo("start;reload;beginStop;close;");
    }

    /** startup_script: the subsystem starts only at STARTUP_DONE; meanwhile PINGs are answered, requests refused; STOP ends it unstarted. */
    @Test
    void aChildWaitingForTheStartupScriptStartsOnlyWhenTold() throws Exception {
        for (boolean done : new boolean[] {true, false}) {
            SlowReload subsystem = new SlowReload();
            Out out = new Out();
            ChildMain child = new ChildMain(new PrintStream(out, true, StandardCharsets.UTF_8), subsystem);
            child.awaitStartupScript = true;
            String input = "PING 1\nSTATUS 7\n" + (done ? "STARTUP_DONE\n" : "") + "STOP\n";
            int exit = child.run(new Subsystem.Context(Path.of("keepalived.conf"), null, false, (i, s) -> { }),
                    new java.io.ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
            assertThat(exit).isZero();
            assertThat(out.text()).startsWith("PONG 1\nERROR 7 ");
            if (done) {
                assertThat(out.text()).contains("READY");
                assertThat(subsystem.calls.toString()).startsWith("start;");
            } else {
                assertThat(out.text()).doesNotContain("READY");
                assertThat(subsystem.calls.toString()).isEmpty();
            }
        }
    }
}

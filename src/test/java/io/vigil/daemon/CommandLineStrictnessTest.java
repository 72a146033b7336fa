package io.vigil.daemon;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The vigil command as a user meets it: a real JVM running the jar's entry point ({@link Cli}: its quick paths, then
 * {@link Main}), one bad input at a time. Each is refused
 * before anything starts (and, without -n, before detaching): a non-zero status, one sentence, no Java stack trace.
 */
class CommandLineStrictnessTest {
    @TempDir
    static Path dir;

    record Run(int status, String out, String err) {
        String all() {
            return out + err;
        }
    }

    @BeforeAll
    static void files() throws IOException {
        Files.writeString(dir.resolve("bad.conf"), "vrrp_instance V {\n interface eth0\n virtual_router_id 300\n}\n");
        Files.writeString(dir.resolve("refused.conf"), "global_defs {\n enable_dbus\n}\n");
        Files.writeString(dir.resolve("missing-include.conf"), "include /nonexistent-vigil/*.conf\n");
    }

    /**
     * Every process these runs start carries it in its environment: a refused option or keyword that one day works
     * would start a daemon that detaches and outlives the test; {@link #vigil} finds it by this and kills it by PID.
     */
    static final String MARKER_NAME = "VIGIL_STRICTNESS_TEST";
    static final String MARKER = java.util.UUID.randomUUID().toString();

    static Run vigil(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Cli.class.getName()));
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put(MARKER_NAME, MARKER);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        boolean ended = p.waitFor(120, TimeUnit.SECONDS);
        List<Long> left = leftRunning();
        for (long pid : left) ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        assertThat(ended).as("vigil %s ends", String.join(" ", args)).isTrue();
        assertThat(left).as("vigil %s left processes running (it started instead of refusing); killed", String.join(" ", args)).isEmpty();
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    /** The processes whose environment holds this test's marker (a detached daemon included), other than this JVM. */
    static List<Long> leftRunning() {
        byte[] wanted = (MARKER_NAME + "=" + MARKER).getBytes(StandardCharsets.US_ASCII);
        List<Long> found = new ArrayList<>();
        java.io.File[] procs = new java.io.File("/proc").listFiles((d, name) -> name.chars().allMatch(Character::isDigit));
        if (procs == null) return found;
        for (java.io.File f : procs) {
            long pid = Long.parseLong(f.getName());
            if (pid == ProcessHandle.current().pid()) continue;
            try {
                byte[] env = Files.readAllBytes(f.toPath().resolve("environ"));
                for (int start = 0; start < env.length; ) {
                    int end = start;
                    while (end < env.length && env[end] != 0) end++;
                    if (Arrays.equals(env, start, end, wanted, 0, wanted.length)) {
                        found.add(pid);
                        break;
                    }
                    start = end + 1;
                }
            } catch (IOException | SecurityException e) {
                // gone, or not ours to read (then not ours at all)
            }
        }
        return found;
    }

    /** Arguments (split on blanks, DIR = the test's folder), expected status, the sentence's start. */
    @ParameterizedTest(name = "vigil {0}")
    @CsvSource(delimiter = '|', textBlock = """
            -f /nonexistent/keepalived.conf            | 5 | /nonexistent/keepalived.conf:0:0: error: cannot read configuration file
            -f DIR/bad.conf                            | 5 | DIR/bad.conf:3:20: error: number outside range [1, 255]: '300'
            -f DIR/refused.conf                        | 5 | DIR/refused.conf:2:2: error: keyword refused by Vigil: 'enable_dbus'
            -e -f DIR/missing-include.conf             | 5 | DIR/missing-include.conf:1:9: error: include pattern matches no file (-e)
            -Z                                         | 1 | vigil: Unknown option: '-Z' (vigil -h lists the options)
            -f                                         | 1 | vigil: Missing required parameter for option '--use-file'
            -S 9                                       | 1 | vigil: -S: unknown syslog facility '9'
            -S 9 -n -f DIR/bad.conf                    | 1 | vigil: -S: unknown syslog facility '9'
            --signum=KILL                              | 1 | vigil: --signum: unknown signal function 'KILL'
            --signum=JSON                              | 1 | vigil: --signum=JSON: Vigil has no JSON dump signal (it handles STOP, RELOAD, DATA and STATS)
            -u 08                                      | 1 | vigil: -u: '08' is not a umask
            -V                                         | 1 | vigil: -V (--dont-release-vrrp) is not supported by Vigil
            -I                                         | 1 | vigil: -I (--dont-release-ipvs) is not supported by Vigil
            -X                                         | 1 | vigil: -X (--release-vips) is not supported by Vigil
            -a                                         | 1 | vigil: -a (--address-monitoring) is not supported by Vigil
            -m                                         | 1 | vigil: -m/-M (core dumps) are not supported by Vigil
            -M                                         | 1 | vigil: -m/-M (core dumps) are not supported by Vigil
            -g                                         | 1 | vigil: -g (--log-file) is not supported by Vigil
            -s ns1                                     | 1 | vigil: -s (--namespace) is not supported by Vigil
            -x                                         | 1 | vigil: -x/-A are not supported by Vigil: SNMP is enabled by enable_snmp_* and snmp_socket in global_defs
            -tDIR/nodir/log -f DIR/bad.conf            | 1 | vigil: cannot write the test's findings to DIR/nodir/log: no such file or directory
            dump foo                                   | 1 | vigil: dump: 'foo' is neither data nor stats
            status -p DIR/none.pid                     | 1 | vigil: no running Vigil answers on DIR/none.ctl
            reload --bogus                             | 1 | vigil: Unknown option: '--bogus'
            -T -Z                                      | 2 | genhash: unknown option -Z (vigil -T -h lists the options)
            -T -s                                      | 2 | genhash: -s needs a value (vigil -T -h lists the options)
            """)
    void badInputIsOneSentenceAndAStatus(String args, int status, String sentence) throws Exception {
        Run r = vigil(args.replace("DIR", dir.toString()).split(" "));
        String expected = sentence.replace("DIR", dir.toString());
        assertThat(r.status()).as("status of vigil %s:%n%s", args, r.all()).isEqualTo(status);
        assertThat(r.all()).as("vigil %s", args).doesNotContain("Exception", "\tat ", "Caused by");
        List<String> lines = r.all().lines().toList();
        assertThat(lines).as("vigil %s", args).anySatisfy(l -> assertThat(l).startsWith(expected));
        if (!expected.startsWith(dir.toString()) && !expected.startsWith("/")) {
            assertThat(lines).as("one sentence: vigil %s", args).hasSize(1);
        }
    }

    /** The guard itself: a process that detaches (as a daemon would) is found by the marker and killed by its PID. */
    @Test
    void aDetachedProcessIsFoundByItsMarker() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", "sleep 60 >/dev/null 2>&1 & echo $!");
        pb.environment().put(MARKER_NAME, MARKER);
        Process sh = pb.start();
        long detached = Long.parseLong(new String(sh.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip());
        assertThat(sh.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(leftRunning()).containsExactly(detached);
        ProcessHandle h = ProcessHandle.of(detached).orElseThrow();
        h.destroyForcibly();
        assertThat(h.onExit().get(30, TimeUnit.SECONDS).isAlive()).isFalse();
        assertThat(leftRunning()).isEmpty();
    }

    @Test
    void withoutDontForkABadFileIsReportedBeforeDetachingNotInALog() throws Exception {
        // keepalived's first test: `vigil -f /nonexistent` exited 0 and the failure went to syslog
        Run r = vigil("-f", "/nonexistent/keepalived.conf", "-G", "-p", dir.resolve("x.pid").toString());
        assertThat(r.status()).isEqualTo(5);
        assertThat(r.err()).contains("configuration has errors: not starting");
        assertThat(dir.resolve("x.pid")).doesNotExist();
    }

    @Test
    void keepalivedOptionsThatVigilHasWork() throws Exception {
        assertThat(vigil("--signum=STOP").out().strip()).isEqualTo("15");
        assertThat(vigil("--signum=RELOAD").out().strip()).isEqualTo("1");
        assertThat(vigil("--signum=DATA").out().strip()).isEqualTo("10");
        assertThat(vigil("--signum=STATS").out().strip()).isEqualTo("12");
        // -tLOG_FILE (attached, keepalived's meaning): the findings go to the file, not stderr
        Path log = dir.resolve("test.log");
        Run t = vigil("-t" + log, "-f", dir.resolve("bad.conf").toString());
        assertThat(t.status()).isEqualTo(5);
        assertThat(t.err()).isEmpty();
        assertThat(Files.readString(log)).contains("bad.conf:3:20: error: number outside range");
        Run h = vigil("-h");
        assertThat(h.status()).isZero();
        assertThat(h.out()).contains("-T, --genhash", "--signum", "-u, --umask", "-e, --all-config", "-V, --dont-release-vrrp",
                "-I, --dont-release-ipvs", "-X, --release-vips", "-a, --address-monitoring", "-m, --core-dump", "-M, --core-dump-pattern",
                "-g, --log-file", "-s, --namespace", "-t, --config-test");
        for (String sub : List.of("status", "reload", "stop", "dump")) {
            Run s = vigil(sub, "-h");
            assertThat(s.status()).as(sub).isZero();
            assertThat(s.out()).as(sub).contains("Usage: vigil " + sub);
        }
    }
}

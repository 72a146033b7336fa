package io.vigil.mail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real SMTP server for tests: Debian's python3-aiosmtpd running src/test/resources/io/vigil/mail/smtp_sink.py,
 * which writes each accepted message to a file with its envelope. {@link #start} returns once it listens.
 */
public final class SmtpSink implements AutoCloseable {
    private final Process process;
    private final Path dir;

    private SmtpSink(Process process, Path dir) {
        this.process = process;
        this.dir = dir;
    }

    /** Why the sink cannot run here, or null. */
    public static String unavailableReason() {
        try {
            Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import aiosmtpd").redirectErrorStream(true).start();
            return p.waitFor() == 0 ? null : "python3-aiosmtpd is not installed (bin/setup installs it)";
        } catch (IOException | InterruptedException e) {
            return "no /usr/bin/python3: " + e.getMessage();
        }
    }

    /** The script, copied out of the class path (so it can run inside a namespace too). */
    public static Path script(Path dir) throws IOException {
        Path p = dir.resolve("smtp_sink.py");
        try (var in = SmtpSink.class.getResourceAsStream("smtp_sink.py")) {
            Files.copy(in, p, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return p;
    }

    /** Starts the sink on host:port with {@code prefix} before the command (e.g. ip netns exec NS), messages in {@code dir}. */
    public static SmtpSink start(List<String> prefix, String host, int port, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<String> argv = new ArrayList<>(prefix);
        argv.addAll(List.of("/usr/bin/python3", script(dir).toString(), host, Integer.toString(port), dir.toString()));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (!"ready".equals(line)) {
            p.destroyForcibly();
            throw new IOException("SMTP sink did not start: " + line);
        }
        Thread.ofVirtual().start(() -> out.lines().forEach(l -> { })); // keep its pipe drained
        return new SmtpSink(p, dir);
    }

    /** The messages received so far, in order, each as written (envelope lines first). */
    public List<String> messages() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".eml")).sorted().map(f -> {
                try {
                    return Files.readString(f, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}

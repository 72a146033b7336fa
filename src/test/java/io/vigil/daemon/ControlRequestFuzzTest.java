package io.vigil.daemon;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing (Jazzer) of the control socket: whatever bytes a local client writes (up to the 256 the
 * server reads; more would only meet a reset) reach the handler as one trimmed request and get an answer, and the
 * server goes on answering. A real {@link ControlServer} on a socket in a temporary directory, with a handler that
 * echoes what it got. {@code mvn test} runs the seeds in {@code ControlRequestFuzzTestInputs/}; {@code bench/fuzz.sh} fuzzes.
 */
class ControlRequestFuzzTest {
    private static final Path SOCKET;
    private static final ControlServer SERVER;

    static {
        try {
            SOCKET = Files.createTempDirectory("vigil-ctl-fuzz").resolve("c.ctl");
            SERVER = new ControlServer(SOCKET, request -> "got[" + request + "]\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void anyRequestGetsAnAnswerAndTheServerKeepsServing(byte[] sent) throws IOException {
        byte[] bytes = Arrays.copyOf(sent, Math.min(sent.length, 256));
        String answer;
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(SOCKET))) {
            ch.write(ByteBuffer.wrap(bytes));
            ch.shutdownOutput();
            answer = new String(Channels.newInputStream(ch).readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(answer).startsWith("got[").endsWith("]\n");
        String request = answer.substring(4, answer.length() - 2);
        assertThat(request).isEqualTo(request.trim());
        assertThat(request.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(3 * 256); // replacement chars
        int newline = indexOf(bytes, (byte) '\n');
        if (newline < 0) assertThat(answer).isEqualTo("got[" + new String(bytes, StandardCharsets.UTF_8).trim() + "]\n");
        assertThat(ControlServer.request(SOCKET, "status")).isEqualTo("got[status]\n");
    }

    private static int indexOf(byte[] b, byte x) {
        for (int i = 0; i < b.length; i++) if (b[i] == x) return i;
        return -1;
    }
}

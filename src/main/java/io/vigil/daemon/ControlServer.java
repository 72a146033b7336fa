package io.vigil.daemon;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * A local control socket (Unix stream socket, root-only by its directory) offering what keepalived does with
 * signals, for operators and scripts that prefer a command: one request line in, the answer text out.
 * Requests: {@code status}, {@code reload}, {@code dump-data}, {@code dump-stats}, {@code stop}.
 */
public final class ControlServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);

    private final Path path;
    private final ServerSocketChannel server;

    /** A request answered as a stream (e.g. {@code events}): returns false when it is not one of its requests. */
    @FunctionalInterface
    public interface Streams {
        boolean stream(String request, java.io.OutputStream out) throws IOException;
    }

    private final Streams streams;

    public ControlServer(Path path, Function<String, String> handler) throws IOException {
        this(path, handler, (request, out) -> false);
    }

    public ControlServer(Path path, Function<String, String> handler, Streams streams) throws IOException {
        this.path = path;
        this.streams = streams;
        if (path.getParent() != null) Files.createDirectories(path.getParent());
        Files.deleteIfExists(path);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        Thread.ofVirtual().name("vigil-control").start(() -> serve(handler));
    }

    private void serve(Function<String, String> handler) {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                // Each client on its own virtual thread: a streaming one (vigil events) holds nobody up.
                Thread.ofVirtual().name("vigil-control-client").start(() -> answer(client, handler));
            } catch (IOException e) {
                if (server.isOpen()) LOG.debug("control socket: {}", e.toString());
            }
        }
    }

    private void answer(SocketChannel channel, Function<String, String> handler) {
        try (SocketChannel client = channel) {
            {
                ByteBuffer in = ByteBuffer.allocate(256);
                while (in.hasRemaining() && client.read(in) > 0) {
                    if (in.get(in.position() - 1) == '\n') break;
                }
                String request = requestOf(in);
                if (streams.stream(request, java.nio.channels.Channels.newOutputStream(client))) return;
                String answer;
                try {
                    synchronized (this) { // one request at a time, as before streams came
                        answer = handler.apply(request);
                    }
                } catch (RuntimeException e) {
                    answer = "error: " + e.getMessage() + "\n";
                }
                client.write(ByteBuffer.wrap(answer.getBytes(StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            if (server.isOpen()) LOG.debug("control connection: {}", e.toString());
        }
    }

    /** The request in what a client sent (at most the buffer, up to its first line end): UTF-8, trimmed. */
    static String requestOf(ByteBuffer in) {
        return new String(in.array(), 0, in.position(), StandardCharsets.UTF_8).trim();
    }

    /** Client side: sends one request to the socket at {@code path} and returns the answer. */
    public static String request(Path path, String request) throws IOException {
        return ControlClient.request(path, request);
    }

    /** Client side of a streaming request: copies the answer to {@code out} as it comes, until the daemon closes. */
    public static void stream(Path path, String request, java.io.OutputStream out) throws IOException {
        ControlClient.stream(path, request, out);
    }

    @Override
    public void close() {
        try {
            server.close();
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.debug("closing control socket: {}", e.toString());
        }
    }
}

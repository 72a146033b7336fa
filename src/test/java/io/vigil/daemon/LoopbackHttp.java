package io.vigil.daemon;

import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;

/** Real HTTP servers on loopback for the daemon tests, a one-request client, and the control-socket client. */
final class LoopbackHttp implements AutoCloseable {
    private final List<HttpServer> servers = new ArrayList<>();

    /** A server answering every request with {@code hello from NAME}. */
    HttpServer backend(String name) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        s.createContext("/", ex -> {
            byte[] body = ("hello from " + name).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        });
        s.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        s.start();
        servers.add(s);
        return s;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** One HTTP/1.0 request on a fresh connection: the body, or the failure in parentheses. */
    static String get(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(3000);
            s.getOutputStream().write("GET / HTTP/1.0\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String reply = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int body = reply.indexOf("\r\n\r\n");
            return body < 0 ? "(no body)" : reply.substring(body + 4).trim();
        } catch (IOException e) {
            return "(" + e.getMessage() + ")";
        }
    }

    /** What {@code vigil REQUEST -p PIDFILE} prints. */
    static String control(Path pidFile, String request) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream old = System.out;
        System.setOut(new PrintStream(out, true));
        try {
            ControlCommands.send(pidFile, request);
        } finally {
            System.setOut(old);
        }
        return out.toString();
    }

    @Override
    public void close() {
        servers.forEach(s -> s.stop(0));
    }
}

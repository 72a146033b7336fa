package io.vigil.check;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Real servers on loopback for the probe tests: HTTP, HTTPS (self-signed, made by keytool), SMTP, UDP echo, black holes. */
final class TestServers implements AutoCloseable {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private final List<AutoCloseable> open = new ArrayList<>();

    /** A handler writing {@code status} and {@code body}; body null: chunked "hello" in two pieces. */
    static void respond(HttpExchange ex, int status, String body) throws IOException {
        if (body == null) {
            ex.sendResponseHeaders(status, 0);
            try (OutputStream o = ex.getResponseBody()) {
                o.write("hel".getBytes(StandardCharsets.UTF_8));
                o.flush();
                o.write("lo".getBytes(StandardCharsets.UTF_8));
            }
            return;
        }
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(b);
        }
    }

    /** Standard paths: /ok (200 "hello vigil"), /missing (404), /host (echoes the Host header), /chunked, /hang (never answers). */
    private static void routes(HttpServer s) {
        s.createContext("/ok", ex -> respond(ex, 200, "hello vigil"));
        s.createContext("/missing", ex -> respond(ex, 404, "not here"));
        s.createContext("/host", ex -> respond(ex, 200, "host=" + ex.getRequestHeaders().getFirst("Host")));
        s.createContext("/chunked", ex -> respond(ex, 200, null));
        s.createContext("/hang", ex -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException ignored) {
                // server stopping
            }
            ex.close();
        });
    }

    HttpServer http() throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 50);
        routes(s);
        s.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        s.start();
        open.add(() -> s.stop(0));
        return s;
    }

    HttpsServer https(Path dir) throws Exception {
        HttpsServer s = HttpsServer.create(new InetSocketAddress(LOOPBACK, 0), 50);
        s.setHttpsConfigurator(new HttpsConfigurator(selfSigned(dir)));
        routes(s);
        s.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        s.start();
        open.add(() -> s.stop(0));
        return s;
    }

    /** A TLS context with a self-signed certificate generated now by the JDK's keytool. */
    static SSLContext selfSigned(Path dir) throws Exception {
        Path ks = dir.resolve("server.p12");
        if (!Files.exists(ks)) {
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "srv", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=rs.vigil.test", "-validity", "2", "-keystore", ks.toString(), "-storetype", "PKCS12",
                    "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException("keytool failed: " + out);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(ks)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    /** Accepts TCP connections and never says a word (a hung application). */
    InetSocketAddress blackHole() throws IOException {
        ServerSocket ss = new ServerSocket(0, 50, LOOPBACK);
        List<Socket> held = new ArrayList<>();
        Thread.ofVirtual().start(() -> {
            try {
                while (true) held.add(ss.accept());
            } catch (IOException closed) {
                // stopping
            }
        });
        open.add(() -> {
            ss.close();
            for (Socket s : held) s.close();
        });
        return (InetSocketAddress) ss.getLocalSocketAddress();
    }

    /**
     * Fills the accept queue of {@code full} (a listener with backlog 1 that never accepts): from then on it drops SYNs,
     * so a connect to it times out. The caller closes the returned sockets.
     */
    static List<Socket> fillAcceptQueue(ServerSocket full) {
        List<Socket> fill = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Socket f = new Socket();
            try {
                f.connect(full.getLocalSocketAddress(), 200);
            } catch (IOException e) {
                // queue already full
            }
            fill.add(f);
        }
        return fill;
    }

    /** A port nobody listens on (connection refused). */
    static int closedPort() throws IOException {
        try (ServerSocket ss = new ServerSocket(0, 1, LOOPBACK)) {
            return ss.getLocalPort();
        }
    }

    /** A small SMTP server: greets with {@code greeting}, answers HELO with 250, QUIT with 221. */
    InetSocketAddress smtp(String greeting) throws IOException {
        ServerSocket ss = new ServerSocket(0, 50, LOOPBACK);
        Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    Socket c = ss.accept();
                    Thread.ofVirtual().start(() -> smtpSession(c, greeting));
                }
            } catch (IOException closed) {
                // stopping
            }
        });
        open.add(ss);
        return (InetSocketAddress) ss.getLocalSocketAddress();
    }

    final List<String> smtpCommands = new java.util.concurrent.CopyOnWriteArrayList<>();

    private void smtpSession(Socket c, String greeting) {
        try (c) {
            BufferedReader in = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.ISO_8859_1));
            OutputStream out = c.getOutputStream();
            out.write((greeting + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            String line;
            while ((line = in.readLine()) != null) {
                smtpCommands.add(line);
                String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
                String reply = switch (verb) {
                    case "HELO", "EHLO" -> "250 test.vigil Hello " + line.substring(Math.min(5, line.length()));
                    case "QUIT" -> "221 Bye";
                    default -> "502 Command not implemented";
                };
                out.write((reply + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                if (verb.equals("QUIT")) return;
            }
        } catch (IOException ignored) {
            // client went away
        }
    }

    /** UDP: echoes every datagram back when {@code echo}, else reads and stays silent. */
    InetSocketAddress udp(boolean echo) throws IOException {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
        Thread.ofVirtual().start(() -> {
            byte[] buf = new byte[2048];
            try {
                while (true) {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    s.receive(p);
                    if (echo) s.send(new DatagramPacket(p.getData(), p.getLength(), p.getSocketAddress()));
                }
            } catch (IOException closed) {
                // stopping
            }
        });
        open.add(s);
        return (InetSocketAddress) s.getLocalSocketAddress();
    }

    @Override
    public void close() {
        for (AutoCloseable c : open) {
            try {
                c.close();
            } catch (Exception ignored) {
                // best effort
            }
        }
    }
}

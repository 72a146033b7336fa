package io.vigil.lb.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Loopback real servers for proxy tests: TCP says its name then echoes; UDP answers "name:payload". */
final class TestServers implements AutoCloseable {
    private final List<AutoCloseable> open = new ArrayList<>();
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            return s.getLocalPort();
        }
    }

    int tcp(String name) throws IOException {
        ServerSocket ss = new ServerSocket(0, 128, LOOPBACK);
        open.add(ss);
        Thread.ofVirtual().start(() -> {
            while (!ss.isClosed()) {
                try {
                    Socket c = ss.accept();
                    open.add(c);
                    Thread.ofVirtual().start(() -> {
                        try (c) {
                            OutputStream out = c.getOutputStream();
                            out.write((name + "\n").getBytes(StandardCharsets.US_ASCII));
                            out.flush();
                            InputStream in = c.getInputStream();
                            byte[] buf = new byte[8192];
                            int n;
                            while ((n = in.read(buf)) > 0) out.write(buf, 0, n);
                        } catch (IOException ignored) {
                            // client went away
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
        return ss.getLocalPort();
    }

    int udp(String name) throws IOException {
        DatagramSocket ds = new DatagramSocket(0, LOOPBACK);
        open.add(ds);
        Thread.ofVirtual().start(() -> {
            byte[] buf = new byte[2048];
            while (!ds.isClosed()) {
                try {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    ds.receive(p);
                    byte[] reply = (name + ":" + new String(buf, 0, p.getLength(), StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII);
                    ds.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
                } catch (IOException e) {
                    return;
                }
            }
        });
        return ds.getLocalPort();
    }

    /** Connects, reads the server's name line, closes. */
    static String ask(InetSocketAddress vip) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(vip, 2000);
            s.setSoTimeout(3000);
            return readLine(s.getInputStream());
        }
    }

    static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int ch;
        while ((ch = in.read()) >= 0 && ch != '\n') sb.append((char) ch);
        return sb.toString();
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : open) c.close();
    }
}

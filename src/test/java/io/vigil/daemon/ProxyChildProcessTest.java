package io.vigil.daemon;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real daemon with the checkers on loopback: the userspace proxy runs in its own child, so killing the checker
 * child (SIGKILL) does not fail a single request while the watchdog brings the checkers back.
 */
class ProxyChildProcessTest {
    @TempDir
    Path dir;
    private Process vigil;
    private final List<HttpServer> servers = new ArrayList<>();

    @AfterEach
    void tearDown() {
        if (vigil != null && vigil.isAlive()) {
            vigil.descendants().forEach(ProcessHandle::destroyForcibly);
            vigil.destroyForcibly();
        }
        servers.forEach(s -> s.stop(0));
    }

    private HttpServer backend(String name) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        s.createContext("/", ex -> {
            byte[] body = ("hello from " + name).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        });
        s.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        s.start();
        servers.add(s);
        return s;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String get(int port) {
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

    private String status() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream old = System.out;
        System.setOut(new PrintStream(out, true));
        try {
            ControlCommands.send(dir.resolve("vigil.pid"), "status");
        } finally {
            System.setOut(old);
        }
        return out.toString();
    }

    private long checkerPid() {
        try {
            return Long.parseLong(Files.readString(dir.resolve("checkers.pid")).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    @Test
    void killingTheCheckerChildFailsNoRequest() throws Exception {
        HttpServer rs1 = backend("rs1");
        HttpServer rs2 = backend("rs2");
        int vip = freePort();
        Path conf = dir.resolve("keepalived.conf");
        Files.writeString(conf, """
                global_defs {
                    vigil_data_plane proxy
                }
                virtual_server 127.0.0.1 %d {
                    delay_loop 1
                    lb_algo rr
                    lb_kind NAT
                    protocol TCP
                    real_server 127.0.0.1 %d {
                        TCP_CHECK {
                            connect_timeout 1
                        }
                    }
                    real_server 127.0.0.1 %d {
                        TCP_CHECK {
                            connect_timeout 1
                        }
                    }
                }
                """.formatted(vip, rs1.getAddress().getPort(), rs2.getAddress().getPort()));
        String java = ProcessHandle.current().info().command().orElse("java");
        vigil = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "-n", "-l", "-G", "-C", "-f", conf.toString(), "-p", dir.resolve("vigil.pid").toString(),
                "-r", dir.resolve("vrrp.pid").toString(), "-c", dir.resolve("checkers.pid").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();

        await().atMost(Duration.ofSeconds(60)).until(() -> get(vip).startsWith("hello from"));
        assertThat(status()).contains("Vigil data plane: proxy", "127.0.0.1:" + vip);

        long before = checkerPid();
        ProcessHandle.of(before).orElseThrow().destroyForcibly();
        List<String> failures = new ArrayList<>();
        long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        int requests = 0;
        while (System.nanoTime() < until) {
            String answer = get(vip);
            requests++;
            if (!answer.startsWith("hello from")) failures.add(answer);
        }
        assertThat(failures).as("requests failed while the checker child was dead, out of " + requests).isEmpty();
        await().atMost(Duration.ofSeconds(30)).until(() -> checkerPid() != before && checkerPid() > 0);
        assertThat(Files.readString(dir.resolve("log"))).contains("Keepalived_healthcheckers child process(" + before + ") died");
        await().atMost(Duration.ofSeconds(10)).until(() -> get(vip).startsWith("hello from"));
    }
}

package io.vigil.lb.lab;

import io.vigil.lab.Lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The load-balancing lab: client (198.18.1.2) → director (198.18.1.1, 198.18.2.1, VIP 198.18.1.10) → real servers
 * rs1 (198.18.2.11) and rs2 (198.18.2.12), which route back through the director as IPVS NAT requires. All on one
 * bridge, in two subnets; the director forwards (redirects off). Each real server runs socat on TCP 80 (says its
 * name, then echoes) and a Python answerer on UDP 53 (answers its name).
 */
final class LbLab implements AutoCloseable {
    static final String VIP = "198.18.1.10", RS1 = "198.18.2.11", RS2 = "198.18.2.12";
    final Lab lab;
    final Lab.Host client, director, rs1, rs2;
    final Path logs;

    LbLab() throws IOException {
        lab = Lab.create();
        try {
            logs = Files.createTempDirectory("vigil-lb-lab");
            client = lab.host("cl", "198.18.1.2/24");
            director = lab.host("dir", "198.18.1.1/24", "198.18.2.1/24", VIP + "/24");
            rs1 = lab.host("rs1", RS1 + "/24");
            rs2 = lab.host("rs2", RS2 + "/24");
            client.sh("ip route add default via 198.18.1.1");
            director.sh("sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.all.send_redirects=0 net.ipv4.conf.eth0.send_redirects=0");
            for (var rs : List.of(rs1, rs2)) {
                String name = rs == rs1 ? "rs1" : "rs2";
                rs.sh("ip route add default via 198.18.2.1");
                rs.spawn(List.of("socat", "TCP-LISTEN:80,fork,reuseaddr", "SYSTEM:echo " + name + "; cat"), logs.resolve(name + "-tcp.log"));
                // A plain UDP answerer (socat's UDP-RECVFROM,fork loses replies when its child races the client's EOF).
                rs.spawn(List.of("python3", "-c", "import socket\ns=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\n"
                        + "s.bind(('0.0.0.0',53))\nwhile True:\n d,a=s.recvfrom(2048)\n s.sendto(b'" + name + "\\n',a)\n"), logs.resolve(name + "-udp.log"));
            }
            for (String rs : List.of(RS1, RS2)) {
                waitFor(() -> client.trySh("socat -T2 - TCP:" + rs + ":80 </dev/null", 5).output().startsWith("rs"));
                waitFor(() -> client.trySh("echo x | socat -t1 -T1 - UDP:" + rs + ":53", 5).output().startsWith("rs"));
            }
        } catch (RuntimeException | IOException e) {
            lab.close();
            throw e;
        }
    }

    static boolean socatAvailable() {
        return Files.isExecutable(Path.of("/usr/bin/socat"));
    }

    static void waitFor(java.util.function.BooleanSupplier ok) {
        long end = System.nanoTime() + 10_000_000_000L;
        while (!ok.getAsBoolean()) {
            if (System.nanoTime() > end) throw new IllegalStateException("lab did not come up in 10 s");
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** {@code n} TCP connections from the client to VIP:80, one after another; counts which server answered. */
    Map<String, Integer> tcpSpread(int n) {
        String out = client.trySh("for i in $(seq " + n + "); do socat -t3 -T3 - TCP:" + VIP + ":80,connect-timeout=3 </dev/null 2>/dev/null || echo FAIL; done", 60).output();
        return count(out);
    }

    /** {@code n} UDP exchanges, each from a new source port. */
    Map<String, Integer> udpSpread(int n) {
        String out = client.trySh("for i in $(seq " + n + "); do echo x | socat -t3 -T3 - UDP:" + VIP + ":53 || echo FAIL; done", 60).output();
        return count(out);
    }

    private static Map<String, Integer> count(String out) {
        Map<String, Integer> m = new HashMap<>();
        for (String line : out.split("\n")) if (!line.isBlank()) m.merge(line.trim(), 1, Integer::sum);
        return m;
    }

    /** A long-lived client connection; write lines with {@link Held#send}, its output goes to a log. */
    Held hold(String name) {
        Path log = logs.resolve(name + ".log");
        Process p = client.spawn(List.of("socat", "-", "TCP:" + VIP + ":80"), log);
        return new Held(p, log);
    }

    record Held(Process process, Path log) {
        String output() {
            try {
                return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
            } catch (IOException e) {
                return "";
            }
        }

        void send(String line) throws IOException {
            process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().flush();
        }

        /** Which server answered (first line). */
        String server() {
            waitFor(() -> output().contains("\n"));
            return output().lines().findFirst().orElse("");
        }
    }

    @Override
    public void close() {
        lab.close();
    }
}

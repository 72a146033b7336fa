package io.vigil.api;

import io.vigil.observe.ClusterPicture;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Run in a fresh JVM by {@link HttpEndpointTest}: the JDK server reads its limits once, when its classes first load,
 * so in the shared test JVM another test's server may have loaded them first. Exits 0 when a client that never
 * finishes its request line is closed by the endpoint (request time limit), 1 when it is still open after 60 s.
 */
public final class SlowClientProbe {
    public static void main(String[] args) throws Exception {
        try (HttpEndpoint e = new HttpEndpoint(new HttpEndpoint.Settings(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                Optional.empty(), Optional.empty(), Optional.empty()), new ClusterPicture("probe", System::currentTimeMillis));
             Socket slow = new Socket(InetAddress.getLoopbackAddress(), e.port())) {
            slow.getOutputStream().write("GET /metr".getBytes(StandardCharsets.US_ASCII));
            slow.setSoTimeout(60_000);
            int read;
            try {
                read = slow.getInputStream().read();
            } catch (java.net.SocketTimeoutException timeout) {
                System.out.println("still open after 60 s");
                System.exit(1);
                return;
            } catch (java.net.SocketException reset) {
                read = -1;
            }
            System.out.println(read == -1 ? "closed" : "answered " + read);
            System.exit(read == -1 ? 0 : 1);
        }
    }
}

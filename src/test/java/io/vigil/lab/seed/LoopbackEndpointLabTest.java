package io.vigil.lab.seed;

import io.vigil.api.HttpEndpoint;
import io.vigil.lab.Lab;
import io.vigil.observe.ClusterPicture;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** vigil_http on 127.0.0.1 (the examples' setting) answers on this host's loopback and is not reachable from another namespace. */
class LoopbackEndpointLabTest {
    @Test
    void boundToLoopbackItIsNotReachableFromAnotherNamespace() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "SKIPPED: needs root (network namespaces)");
        SeedLabs.assume("curl");
        ClusterPicture picture = new ClusterPicture("lb1", System::currentTimeMillis);
        try (HttpEndpoint e = new HttpEndpoint(new HttpEndpoint.Settings(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                Optional.empty(), Optional.empty(), Optional.empty()), picture); Lab lab = Lab.create()) {
            String url = "http://127.0.0.1:" + e.port() + "/metrics";
            assertEquals("200", Lab.exec(java.util.List.of("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", url)).trim());
            Lab.Host other = lab.host("cl", "198.18.1.10/24");
            Lab.Result r = other.trySh("curl -s -o /dev/null -m 5 -w '%{http_code}' " + url, 20);
            assertNotEquals(0, r.exit(), "reachable from another namespace: " + r.output());
            assertEquals("000", r.output().trim(), "an HTTP answer from another namespace");
        }
    }
}

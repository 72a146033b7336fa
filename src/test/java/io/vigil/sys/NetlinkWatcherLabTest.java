package io.vigil.sys;

import io.vigil.lab.Lab;
import io.vigil.netlink.NetlinkEvent;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The reflector in a lab namespace sees links going down and up, cables cut, addresses and interfaces come and go. */
class NetlinkWatcherLabTest {
    @Test
    void seesLinkDownUpCarrierLossAddressesAndNewInterfaces() throws Exception {
        try (Lab lab = Lab.create()) {
            Lab.Host a = lab.host("a", "198.18.0.11/24");
            BlockingQueue<NetlinkEvent> events = new LinkedBlockingQueue<>();
            try (NetlinkWatcher w = NetNs.call(a.ns(), () -> NetlinkWatcher.start(events::add))) {
                assertThat(w.links().values()).anySatisfy(l -> {
                    assertThat(l.name()).isEqualTo("eth0");
                    assertThat(l.usable()).isTrue();
                });
                assertThat(w.addresses()).anySatisfy(x -> assertThat(x.address()).isEqualTo(InetAddress.getByName("198.18.0.11")));

                a.sh("ip link set eth0 down");
                assertThat(next(events, NetlinkEvent.LinkDown.class).link().name()).isEqualTo("eth0");
                a.sh("ip link set eth0 up");
                assertThat(next(events, NetlinkEvent.LinkUp.class).link().name()).isEqualTo("eth0");

                // Carrier loss: the switch side goes down, eth0 stays admin-up but stops running.
                a.cable(false);
                NetlinkEvent.LinkDown down = next(events, NetlinkEvent.LinkDown.class);
                assertThat(down.link().up()).isTrue();
                assertThat(down.link().usable()).isFalse();
                a.cable(true);
                assertThat(next(events, NetlinkEvent.LinkUp.class).link().usable()).isTrue();

                a.sh("ip addr add 198.18.0.100/32 dev eth0");
                assertThat(next(events, NetlinkEvent.AddressAdded.class).address().address()).isEqualTo(InetAddress.getByName("198.18.0.100"));
                a.sh("ip addr add 2001:2::100/64 dev eth0 nodad");
                assertThat(next(events, NetlinkEvent.AddressAdded.class).address().address()).isEqualTo(InetAddress.getByName("2001:2::100"));
                a.sh("ip addr del 198.18.0.100/32 dev eth0");
                assertThat(next(events, NetlinkEvent.AddressRemoved.class).address().address()).isEqualTo(InetAddress.getByName("198.18.0.100"));

                a.sh("ip link add t0 type veth peer name t1");
                assertThat(next(events, NetlinkEvent.LinkAdded.class).link().name()).isIn("t0", "t1");
                a.sh("ip link del t0");
                assertThat(next(events, NetlinkEvent.LinkRemoved.class).link().name()).isIn("t0", "t1");
                assertThat(w.resyncCount()).isZero();
            }
        }
    }

    @Test
    void afterLostNotificationsTheWatcherResynchronises() throws Exception {
        try (Lab lab = Lab.create()) {
            Lab.Host a = lab.host("a", "198.18.0.11/24");
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            java.util.Set<InetAddress> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
            try (NetlinkWatcher w = NetNs.call(a.ns(), () -> NetlinkWatcher.start(e -> {
                try {
                    release.await(); // a stalled listener: the watcher stops reading, the socket buffer overflows
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
                if (e instanceof NetlinkEvent.AddressAdded x) seen.add(x.address().address());
            }))) {
                StringBuilder batch = new StringBuilder();
                for (int i = 0; i < 4000; i++) batch.append("addr add 198.19.").append(i / 250).append('.').append(i % 250 + 1).append("/32 dev eth0\n");
                java.nio.file.Path file = java.nio.file.Files.createTempFile("vigil-batch", ".txt");
                try {
                    java.nio.file.Files.writeString(file, batch);
                    a.sh("ip -batch " + file);
                } finally {
                    java.nio.file.Files.deleteIfExists(file);
                }
                release.countDown();
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                        .until(() -> w.addresses().stream().filter(x -> x.address().getHostAddress().startsWith("198.19.")).count() == 4000);
                assertThat(w.resyncCount()).as("the kernel reported ENOBUFS and the watcher re-read").isPositive();
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> seen.size() == 4000);
            }
        }
    }

    /** The next event of the given type within 5 s, skipping others (e.g. IPv6 link-local churn). */
    private static <T extends NetlinkEvent> T next(BlockingQueue<NetlinkEvent> q, Class<T> type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            NetlinkEvent e = q.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (type.isInstance(e)) return type.cast(e);
        }
        throw new AssertionError("no " + type.getSimpleName() + " within 5 s");
    }
}

package io.vigil.vrrp;

import io.vigil.vrrp.kernel.ProcessScriptRunner;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The runtime shell with in-memory ports and real threads, timers on System.nanoTime, real script processes. */
class VrrpServiceTest {
    final InMemoryPorts.Hub hub = new InMemoryPorts.Hub();
    final List<VrrpService> services = new ArrayList<>();

    record Node(VrrpService service, InMemoryPorts.Addresses addresses, InMemoryPorts.Garps garps, InMemoryPorts.Links links,
                InMemoryPorts.Channel channel) {}

    Node node(VrrpInstanceSettings s) {
        return node(List.of(s), new ProcessScriptRunner(), new InMemoryPorts.Addresses());
    }

    Node node(List<VrrpInstanceSettings> s, ScriptRunner runner, InMemoryPorts.Addresses addresses) {
        InMemoryPorts.Garps garps = new InMemoryPorts.Garps();
        InMemoryPorts.Links links = new InMemoryPorts.Links();
        InMemoryPorts.Channel ch = hub.channel(s.getFirst().sourceAddress());
        VrrpService svc = new VrrpService(s, List.of(), new VrrpPorts(ch, addresses, garps, links, runner), System::nanoTime, 100);
        services.add(svc);
        return new Node(svc, addresses, garps, links, ch);
    }

    static VrrpInstanceSettings.Builder fast(String src, int prio) {
        // v3 with 5 cs adverts keeps the test short.
        return VrrpInstanceSettings.builder("VI_1", 51, "eth0", Adverts.ip(src)).version(3).advertIntervalCentis(5).priority(prio)
                .vip("198.18.0.100/32");
    }

    @AfterEach
    void closeAll() {
        services.forEach(VrrpService::close);
        hub.delivery.shutdownNow();
    }

    @Test
    void twoServicesElectAndFailOverGracefully() throws Exception {
        Node a = node(fast("198.18.0.11", 100).build());
        Node b = node(fast("198.18.0.12", 200).build());
        a.service().start(false);
        b.service().start(false);
        await().atMost(Duration.ofSeconds(10)).until(() -> b.service().state("VI_1") == VrrpState.MASTER);
        await().atMost(Duration.ofSeconds(10)).until(() -> a.service().state("VI_1") == VrrpState.BACKUP);
        assertThat(b.addresses().present).containsExactly("eth0 198.18.0.100/32");
        assertThat(a.addresses().present).isEmpty();
        assertThat(b.garps().sent).contains("eth0 198.18.0.100 x5");

        b.service().close();
        assertThat(b.addresses().present).isEmpty();
        OutboundAdvert last = hub.sent.stream().filter(d -> d.source().equals(Adverts.ip("198.18.0.12"))).reduce((x, y) -> y).orElseThrow();
        assertThat(Ipv4AdvertCodec.decode(last.bytes()).vrrp().priority()).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> a.service().state("VI_1") == VrrpState.MASTER);
        assertThat(a.addresses().present).containsExactly("eth0 198.18.0.100/32");
    }

    /**
     * The priority-0 advert leaves on the thread that starts the stop (the child's reader, a signal), before
     * beginShutdown returns, built ahead with the next IP id; the VRRP thread's own shutdown sends no second one, and
     * no advert of the instance follows it. The VIPs still go.
     */
    @Test
    void stopSendsThePriorityZeroAdvertOnTheCallingThreadFirstAndOnce() throws Exception {
        Node a = node(fast("198.18.0.11", 200).build());
        a.service().start(false);
        await().atMost(Duration.ofSeconds(10)).until(() -> a.service().state("VI_1") == VrrpState.MASTER
                && hub.timed.stream().filter(t -> t.advert().source().equals(Adverts.ip("198.18.0.11"))).count() >= 3);

        assertThat(a.service().beginShutdown()).isTrue();
        List<InMemoryPorts.TimedAdvert> ours = hub.timed.stream().filter(t -> t.advert().source().equals(Adverts.ip("198.18.0.11"))).toList();
        InMemoryPorts.TimedAdvert stop = ours.getLast();
        Ipv4Advert stopped = Ipv4AdvertCodec.decode(stop.advert().bytes());
        assertThat(stopped.vrrp().priority()).isZero();
        assertThat(stop.thread()).isEqualTo(Thread.currentThread().getName());
        Ipv4Advert before = Ipv4AdvertCodec.decode(ours.get(ours.size() - 2).advert().bytes());
        assertThat(before.vrrp().priority()).isEqualTo(200);
        assertThat(stopped.ip().id()).isEqualTo(before.ip().id() + 1);

        a.service().close();
        List<OutboundAdvert> after = hub.sent.stream().filter(d -> d.source().equals(Adverts.ip("198.18.0.11"))).toList();
        assertThat(after.getLast()).isSameAs(stop.advert());
        assertThat(after.stream().filter(d -> priority(d) == 0)).hasSize(1);
        assertThat(a.addresses().present).isEmpty();
        assertThat(a.service().state("VI_1")).isEqualTo(VrrpState.STOP);
    }

    @Test
    void leftoverVipsAreRemovedOnStartBeforeAnythingElse() throws Exception {
        InMemoryPorts.Addresses addrs = new InMemoryPorts.Addresses();
        addrs.present.add("eth0 198.18.0.100/32");
        addrs.present.add("eth1 198.18.5.5/32");
        VrrpInstanceSettings s = fast("198.18.0.11", 100).excludedVip(VirtualAddress.parse("198.18.5.5/32").onDevice("eth1")).build();
        Node a = node(List.of(s), new ProcessScriptRunner(), addrs);
        a.service().start(false);
        assertThat(addrs.log.subList(0, 2)).containsExactly("del eth0 198.18.0.100/32", "del eth1 198.18.5.5/32");
        assertThat(addrs.present).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> a.service().state("VI_1") == VrrpState.MASTER);
        assertThat(addrs.present).containsExactlyInAnyOrder("eth0 198.18.0.100/32", "eth1 198.18.5.5/32");
        a.service().close();
        assertThat(addrs.present).isEmpty();
    }

    @Test
    void linkDownMovesTheMasterToFaultAndThePeerTakesOver() {
        Node a = node(fast("198.18.0.11", 100).build());
        Node b = node(fast("198.18.0.12", 200).build());
        startAll(a, b);
        await().atMost(Duration.ofSeconds(10)).until(() -> b.service().state("VI_1") == VrrpState.MASTER && a.service().state("VI_1") == VrrpState.BACKUP);
        b.links().set("eth0", false);
        await().atMost(Duration.ofSeconds(10)).until(() -> b.service().state("VI_1") == VrrpState.FAULT);
        await().atMost(Duration.ofSeconds(10)).until(() -> a.service().state("VI_1") == VrrpState.MASTER);
        assertThat(b.addresses().present).isEmpty();
        b.links().set("eth0", true);
        await().atMost(Duration.ofSeconds(10)).until(() -> b.service().state("VI_1") == VrrpState.MASTER);
        await().atMost(Duration.ofSeconds(10)).until(() -> a.service().state("VI_1") == VrrpState.BACKUP);
    }

    @Test
    void trackScriptFailureLowersPriorityAndThePeerPreempts(@TempDir Path dir) throws Exception {
        Path flag = dir.resolve("status");
        Files.writeString(flag, "0");
        Path script = dir.resolve("check.sh");
        Files.writeString(script, "#!/bin/sh\nexit $(cat " + flag + ")\n");
        script.toFile().setExecutable(true);
        TrackedScript chk = new TrackedScript("chk", List.of(script.toString()), 50, 2000, -150, 1, 2, false);
        Node a = node(fast("198.18.0.11", 100).build());
        Node b = node(fast("198.18.0.12", 200).trackScript(chk).build());
        startAll(a, b);
        await().atMost(Duration.ofSeconds(10)).until(() -> b.service().state("VI_1") == VrrpState.MASTER && a.service().state("VI_1") == VrrpState.BACKUP);
        Files.writeString(flag, "1");
        await().atMost(Duration.ofSeconds(10)).until(() -> b.service().effectivePriority("VI_1") == 50);
        await().atMost(Duration.ofSeconds(10)).until(() -> a.service().state("VI_1") == VrrpState.MASTER && b.service().state("VI_1") == VrrpState.BACKUP);
        Files.writeString(flag, "0");
        await().atMost(Duration.ofSeconds(10)).until(() -> b.service().state("VI_1") == VrrpState.MASTER && a.service().state("VI_1") == VrrpState.BACKUP);
    }

    @Test
    void trackFileValueTimesWeight(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("prio");
        Files.writeString(file, "0\n");
        Node a = node(fast("198.18.0.11", 100).trackFile(new TrackedFile("f", file, 10)).build());
        startAll(a);
        Files.writeString(file, "-3\n");
        await().atMost(Duration.ofSeconds(10)).until(() -> a.service().effectivePriority("VI_1") == 70);
        Files.writeString(file, "junk");
        await().atMost(Duration.ofSeconds(10)).until(() -> a.service().effectivePriority("VI_1") == 100);
    }

    @Test
    void notifyScriptsRunExactlyOncePerTransitionOffTheVrrpThread(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("notify.log");
        Path script = dir.resolve("notify.sh");
        // Slow on purpose: the MASTER notify is still running when close() queues the STOP one.
        Files.writeString(script, "#!/bin/sh\nsleep 0.5\necho \"$@\" >> " + out + "\n");
        script.toFile().setExecutable(true);
        NotifySettings n = new NotifySettings(null, null, null, null, List.of(script.toString()), null, 5000);
        Node a = node(fast("198.18.0.11", 100).notifications(n).build());
        a.service().start(false);
        await().atMost(Duration.ofSeconds(10)).until(() -> a.service().state("VI_1") == VrrpState.MASTER);
        a.service().close();
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(out) && Files.readAllLines(out).size() == 3);
        // In transition order: the runner serialises the notifies of one instance.
        assertThat(Files.readAllLines(out)).containsExactly("INSTANCE VI_1 BACKUP 100", "INSTANCE VI_1 MASTER 100", "INSTANCE VI_1 STOP 100");
    }

    @Test
    void useVmacSendsAndConfiguresOnTheMacvlan() {
        Node a = node(fast("198.18.0.11", 100).useVmac(null).build());
        startAll(a);
        assertThat(a.addresses().log.getFirst()).isEqualTo("vmac vrrp.51 on eth0 mac 00:00:5e:00:01:33");
        await().atMost(Duration.ofSeconds(10)).until(() -> a.service().state("VI_1") == VrrpState.MASTER);
        assertThat(a.addresses().present).containsExactly("vrrp.51 198.18.0.100/32");
        assertThat(hub.sent).allSatisfy(d -> assertThat(d.interfaceName()).isEqualTo("vrrp.51"));
        assertThat(a.garps().sent).allSatisfy(g -> assertThat(g).startsWith("vrrp.51 "));
        assertThat(a.links().watched).containsExactly("eth0"); // link tracking stays on the parent
        a.service().close();
        assertThat(a.addresses().log.getLast()).isEqualTo("del vmac vrrp.51");
        assertThat(a.addresses().present).isEmpty();
    }

    @Test
    void vmacXmitBaseSendsAdvertsOnTheBaseAndKeepsTheVipsOnTheMacvlan() {
        Node a = node(fast("198.18.0.11", 100).vmac(new Vmac("vip51", "02:00:00:00:00:33", true)).build());
        startAll(a);
        assertThat(a.addresses().log.getFirst()).isEqualTo("vmac vip51 on eth0 mac 02:00:00:00:00:33");
        await().atMost(Duration.ofSeconds(10)).until(() -> a.service().state("VI_1") == VrrpState.MASTER);
        assertThat(a.addresses().present).containsExactly("vip51 198.18.0.100/32");
        assertThat(hub.sent).isNotEmpty().allSatisfy(d -> assertThat(d.interfaceName()).isEqualTo("eth0"));
        assertThat(a.garps().sent).isNotEmpty().allSatisfy(g -> assertThat(g).startsWith("vip51 "));
        a.service().close();
        assertThat(a.addresses().log.getLast()).isEqualTo("del vmac vip51");
    }

    @Test
    void hungScriptIsKilledAtItsTimeout() throws Exception {
        try (ProcessScriptRunner r = new ProcessScriptRunner()) {
            ScriptRunner.Result res = r.run(List.of("sleep", "60"), 200).get();
            assertThat(res.timedOut()).isTrue();
            assertThat(res.success()).isFalse();
            assertThat(r.run(List.of("true"), 5000).get().success()).isTrue();
            assertThat(r.run(List.of("false"), 5000).get().exitStatus()).isEqualTo(1);
            assertThat(r.run(List.of("/nonexistent/x"), 5000).get().error()).isNotNull();
        }
    }

    @Test
    void garbageAndForeignVridsAreCountedNotProcessed() throws Exception {
        Node a = node(fast("198.18.0.11", 100).build());
        startAll(a);
        await().atMost(Duration.ofSeconds(10)).until(() -> a.service().state("VI_1") == VrrpState.MASTER);
        hub.inject("eth0", new InboundAdvert(new byte[] {1, 2, 3}, AddressFamily.IPV4, Adverts.ip("198.18.0.99"), null, 255, 1));
        VrrpInstanceSettings other = VrrpInstanceSettings.builder("X", 77, "eth0", Adverts.ip("198.18.0.99")).build();
        hub.inject("eth0", Adverts.from(other, "198.18.0.99", 200));
        VrrpInstanceSettings same = fast("198.18.0.99", 250).build();
        InboundAdvert ttl64 = Adverts.from(same, "198.18.0.99", 250);
        ttl64.bytes()[8] = 64;
        hub.inject("eth0", ttl64);
        await().atMost(Duration.ofSeconds(10)).until(() -> a.service().unroutedDrops().total() == 2 && a.service().drops("VI_1").get(DropReason.TTL) == 1);
        assertThat(a.service().state("VI_1")).isEqualTo(VrrpState.MASTER);
        InstanceStatus st = a.service().status().get(5, java.util.concurrent.TimeUnit.SECONDS).getFirst();
        assertThat(st.state()).isEqualTo(VrrpState.MASTER);
        assertThat(st.drops()).containsEntry(DropReason.TTL, 1L);
        assertThat(st.advertsSent()).isPositive();
        assertThat(st.masterAddress()).isEqualTo(Adverts.ip("198.18.0.11"));
    }

    static int priority(OutboundAdvert d) {
        try {
            return Ipv4AdvertCodec.decode(d.bytes()).vrrp().priority();
        } catch (VrrpDecodeException e) {
            throw new AssertionError(e);
        }
    }

    void startAll(Node... nodes) {
        for (Node n : nodes) {
            try {
                n.service().start(false);
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** fifo_write_vrrp_states_on_reload: the service writes each instance's current state line to its FIFO on request. */
    @Test
    void currentStatesAreWrittenToTheNotifyFifoOnRequest(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("notify.fifo"); // a plain file stands in for the FIFO: the writer opens it read-write alike
        Node a = node(fast("198.18.0.11", 200).notifications(new NotifySettings(null, null, null, null, null, fifo.toString(), 30_000)).build());
        a.service().start(false);
        await().atMost(Duration.ofSeconds(10)).until(() -> a.service().state("VI_1") == VrrpState.MASTER);
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(fifo) && Files.readString(fifo).contains("MASTER"));
        String before = Files.readString(fifo);
        a.service().writeStatesToFifo().get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(Files.readString(fifo)).isEqualTo(before + "INSTANCE \"VI_1\" MASTER 200\n");
    }
}

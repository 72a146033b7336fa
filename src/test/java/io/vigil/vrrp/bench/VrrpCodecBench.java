package io.vigil.vrrp.bench;

import io.vigil.net.IpLiteral;
import io.vigil.vrrp.AddressFamily;
import io.vigil.vrrp.AdvertValidator;
import io.vigil.vrrp.AuthSettings;
import io.vigil.vrrp.Inet;
import io.vigil.vrrp.InboundAdvert;
import io.vigil.vrrp.Ipv4AdvertCodec;
import io.vigil.vrrp.VrrpEvent;
import io.vigil.vrrp.VrrpInstance;
import io.vigil.vrrp.VrrpInstanceSettings;
import io.vigil.vrrp.VrrpPacket;
import io.vigil.vrrp.VrrpState;
import io.vigil.vrrp.TimerKind;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.net.Inet4Address;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Cost of the VRRP core per advert: building an advert datagram (with and without AH), validating a received one,
 * and a full receive step of the state machine. Run with bench/vrrp-jmh.sh.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class VrrpCodecBench {
    Inet4Address src;
    Inet4Address group;
    VrrpPacket packet;
    Ipv4AdvertCodec.AhParams ah;
    VrrpInstanceSettings plain;
    VrrpInstanceSettings ahSettings;
    InboundAdvert inbound;
    InboundAdvert inboundAh;
    VrrpInstance backup;
    VrrpInstance master;
    int seq;

    @Setup
    public void setup() {
        src = (Inet4Address) IpLiteral.parse("198.18.0.12");
        group = (Inet4Address) Inet.VRRP_GROUP_V4;
        packet = VrrpPacket.advert(2, 51, 200, AddressFamily.IPV4, 100, 0, 0, List.of(IpLiteral.parse("198.18.0.100")));
        ah = new Ipv4AdvertCodec.AhParams(Ipv4AdvertCodec.passwordKey("secret"), 1, false);
        plain = VrrpInstanceSettings.builder("VI_1", 51, "eth0", IpLiteral.parse("198.18.0.11")).vip("198.18.0.100/32").build();
        ahSettings = VrrpInstanceSettings.builder("VI_1", 51, "eth0", IpLiteral.parse("198.18.0.11")).vip("198.18.0.100/32")
                .auth(AuthSettings.ah("secret")).build();
        inbound = new InboundAdvert(Ipv4AdvertCodec.encode(packet, src, group, 1, false, null), AddressFamily.IPV4, src, group, 255, 2);
        VrrpPacket ahPacket = VrrpPacket.advert(2, 51, 200, AddressFamily.IPV4, 100, 2, 0, List.of(IpLiteral.parse("198.18.0.100")));
        inboundAh = new InboundAdvert(Ipv4AdvertCodec.encode(ahPacket, src, group, 1, false, ah), AddressFamily.IPV4, src, group, 255, 2);
        backup = new VrrpInstance(plain);
        backup.on(new VrrpEvent.Startup(), 0);
        if (backup.state() != VrrpState.BACKUP) throw new IllegalStateException();
        master = new VrrpInstance(plain);
        master.on(new VrrpEvent.Startup(), 0);
        master.on(new VrrpEvent.TimerFired(TimerKind.MASTER_DOWN), 4_000_000_000L);
        if (master.state() != VrrpState.MASTER) throw new IllegalStateException();
    }

    @Benchmark
    public byte[] encodeAdvert() {
        return Ipv4AdvertCodec.encode(packet, src, group, ++seq & 0xffff | 1, false, null);
    }

    @Benchmark
    public byte[] encodeAdvertWithAh() {
        return Ipv4AdvertCodec.encode(packet, src, group, 1, false, ah);
    }

    @Benchmark
    public Object validateAdvert() {
        return AdvertValidator.validate(inbound, plain, 0);
    }

    @Benchmark
    public Object validateAdvertWithAh() {
        return AdvertValidator.validate(inboundAh, ahSettings, 0);
    }

    @Benchmark
    public Object backupReceivesAdvert() {
        return backup.on(new VrrpEvent.AdvertReceived(inbound), 1_000_000L);
    }

    @Benchmark
    public Object masterSendsAdvert() {
        return master.on(new VrrpEvent.TimerFired(TimerKind.ADVERT), 5_000_000_000L);
    }
}

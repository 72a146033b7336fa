package io.vigil.snmp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The session shell against an in-memory master on a Unix socket: Open, Register, a malformed PDU dropped, a Get answered. */
class AgentXSubagentTest {

    private static AgentXPdu read(SocketChannel ch) throws IOException {
        ByteBuffer h = ByteBuffer.allocate(AgentXCodec.HEADER_BYTES);
        while (h.hasRemaining()) if (ch.read(h) < 0) throw new IOException("eof");
        int len = AgentXCodec.payloadLength(h.array());
        ByteBuffer all = ByteBuffer.allocate(AgentXCodec.HEADER_BYTES + len).put(h.array());
        while (all.hasRemaining()) if (ch.read(all) < 0) throw new IOException("eof");
        return AgentXCodec.decode(all.array()).orElseThrow();
    }

    private static void write(SocketChannel ch, byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) ch.write(b);
    }

    @Test
    void opensRegistersDropsMalformedPdusAndAnswers(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("master");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            MibTree tree = MibTree.builder().put(Oid.parse("1.3.6.1.4.1.9586.100.5.1.2.0"), SnmpValue.OctetString.of("R1")).build();
            try (AgentXSubagent agent = new AgentXSubagent("unix:" + socket, List.of(KeepalivedMib.GLOBAL), () -> tree, 100).start();
                 SocketChannel master = server.accept()) {
                AgentXPdu.Open open = (AgentXPdu.Open) read(master);
                assertThat(open.id()).isEqualTo(AgentXSubagent.SUBAGENT_ID);
                write(master, AgentXCodec.encode(new AgentXPdu.Response(new AgentXPdu.Header(77, 0, open.header().packetId()), 0, 0, 0, List.of())));
                AgentXPdu.Register reg = (AgentXPdu.Register) read(master);
                assertThat(reg.header().sessionId()).isEqualTo(77);
                assertThat(reg.subtree()).isEqualTo(KeepalivedMib.GLOBAL);
                write(master, AgentXCodec.encode(new AgentXPdu.Response(new AgentXPdu.Header(77, 0, reg.header().packetId()), 0, 0, 0, List.of())));
                await().atMost(Duration.ofSeconds(30)).until(agent::isRegistered);

                // a Get whose OID claims more sub-identifiers than the payload holds: framed, but malformed
                byte[] bad = AgentXCodec.encode(new AgentXPdu.Get(new AgentXPdu.Header(77, 1, 5), null,
                        List.of(new AgentXPdu.SearchRange(Oid.parse("1.3.6.1.4.1.9586.100.5.1.2.0"), false, Oid.EMPTY))));
                bad[AgentXCodec.HEADER_BYTES] = 100;
                write(master, bad);
                write(master, AgentXCodec.encode(new AgentXPdu.Get(new AgentXPdu.Header(77, 2, 6), null,
                        List.of(new AgentXPdu.SearchRange(Oid.parse("1.3.6.1.4.1.9586.100.5.1.2.0"), false, Oid.EMPTY)))));
                AgentXPdu.Response r = (AgentXPdu.Response) read(master);
                assertThat(r.header().packetId()).isEqualTo(6);
                assertThat(r.varBinds()).containsExactly(new AgentXPdu.VarBind(Oid.parse("1.3.6.1.4.1.9586.100.5.1.2.0"), SnmpValue.OctetString.of("R1")));
                assertThat(agent.malformedPdus()).isEqualTo(1);

                assertThat(agent.notify(KeepalivedMib.syncGroupStateChange(
                        new SnmpView.SyncGroup("G1", SnmpView.State.MASTER, List.of("VI_1"), false, false, false), "R1"))).isTrue();
                AgentXPdu.Notify n = (AgentXPdu.Notify) read(master);
                assertThat(n.varBinds().getFirst().value()).isEqualTo(new SnmpValue.ObjectId(KeepalivedMib.SYNC_GROUP_STATE_CHANGE));
            }
        }
    }

    @Test
    void socketSpecsAsNetSnmpWritesThem() {
        assertThat(AgentXSubagent.parseAddress("unix:/var/agentx/master")).isEqualTo(UnixDomainSocketAddress.of("/var/agentx/master"));
        assertThat(AgentXSubagent.parseAddress("/run/agentx")).isEqualTo(UnixDomainSocketAddress.of("/run/agentx"));
        assertThat(AgentXSubagent.parseAddress("tcp:localhost:705").toString()).contains("localhost").contains("705");
        assertThatThrownBy(() -> AgentXSubagent.parseAddress("udp:localhost:705")).hasMessageContaining("stream socket");
    }
}

package io.vigil.snmp;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The AgentX subagent's shell: connects to the master agent (net-snmp's snmpd with {@code master agentx}), opens a
 * session, registers its subtrees, answers Get/GetNext/GetBulk from a fresh {@link MibTree} each time, refuses sets,
 * and sends notifications. When the master goes away (snmpd restarted) it reconnects and registers again; a
 * notification raised while disconnected is dropped, as keepalived's are. Malformed PDUs are dropped and counted.
 */
public final class AgentXSubagent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentXSubagent.class);
    /** net-snmp's default master socket, keepalived's default snmp_socket. */
    public static final String DEFAULT_SOCKET = "unix:/var/agentx/master";
    static final Oid SUBAGENT_ID = Oid.of(1, 3, 6, 1, 4, 1, 9586, 100, 5);
    private static final int TIMEOUT_SECONDS = 5;

    private final String socketSpec;
    private final List<Oid> subtrees;
    private final Supplier<MibTree> tree;
    private final long reconnectMillis;
    private final AtomicInteger packetIds = new AtomicInteger();
    private final AtomicLong malformed = new AtomicLong();
    private final Object writeLock = new Object();
    private volatile SocketChannel channel;
    private volatile int sessionId;
    private volatile boolean closed;
    private volatile boolean registered;
    private final Thread loop;
    private static final int MAX_EARLY_NOTIFICATIONS = 64;
    private final List<List<AgentXPdu.VarBind>> beforeFirstSession = new java.util.ArrayList<>();
    private boolean everRegistered;

    public AgentXSubagent(String socketSpec, List<Oid> subtrees, Supplier<MibTree> tree, long reconnectMillis) {
        this.socketSpec = socketSpec;
        this.subtrees = List.copyOf(subtrees);
        this.tree = tree;
        this.reconnectMillis = reconnectMillis;
        parseAddress(socketSpec); // a bad spec fails here, not later in the loop
        this.loop = Thread.ofVirtual().name("vigil-agentx").unstarted(this::run);
    }

    public AgentXSubagent start() {
        loop.start();
        return this;
    }

    /** {@code unix:/path}, {@code /path}, {@code tcp:host:port} or {@code host:port} (net-snmp's transport syntax). */
    public static SocketAddress parseAddress(String spec) {
        String s = spec.trim();
        if (s.startsWith("unix:")) return UnixDomainSocketAddress.of(s.substring(5));
        if (s.startsWith("/")) return UnixDomainSocketAddress.of(s);
        if (s.startsWith("tcp:")) s = s.substring(4);
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || s.startsWith("udp")) throw new IllegalArgumentException("snmp_socket '" + spec
                + "': expected unix:PATH or tcp:HOST:PORT (AgentX runs over a stream socket)");
        try {
            int port = Integer.parseInt(s.substring(colon + 1));
            if (port < 1 || port > 65535) throw new NumberFormatException();
            String host = s.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
            return InetSocketAddress.createUnresolved(host, port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("snmp_socket '" + spec + "': bad port");
        }
    }

    public boolean isRegistered() {
        return registered;
    }

    public long malformedPdus() {
        return malformed.get();
    }

    /** Sends a notification (snmpTrapOID.0 first); false when there is no session to send it on. */
    public boolean notify(List<AgentXPdu.VarBind> varBinds) {
        SocketChannel ch = channel;
        if (ch == null || !registered) {
            // Transitions right at start (INIT -> BACKUP) come before the first session is up: keep those few for it.
            synchronized (beforeFirstSession) {
                if (!everRegistered && beforeFirstSession.size() < MAX_EARLY_NOTIFICATIONS) beforeFirstSession.add(varBinds);
            }
            return false;
        }
        try {
            write(ch, new AgentXPdu.Notify(new AgentXPdu.Header(sessionId, 0, packetIds.incrementAndGet()), null, varBinds));
            return true;
        } catch (IOException e) {
            LOG.debug("AgentX notify failed: {}", e.toString());
            return false;
        }
    }

    private void run() {
        boolean warned = false;
        while (!closed) {
            try (SocketChannel ch = open()) {
                channel = ch;
                session(ch);
                warned = false;
                serve(ch);
            } catch (IOException | ProtocolException e) {
                if (closed) break;
                if (!warned) LOG.warn("AgentX master at {} unavailable ({}): retrying every {} ms", socketSpec, e.getMessage(), reconnectMillis);
                else LOG.debug("AgentX retry failed: {}", e.toString());
                warned = true;
            } finally {
                registered = false;
                channel = null;
            }
            try {
                Thread.sleep(reconnectMillis);
            } catch (InterruptedException e) {
                break;
            }
        }
    }

    private SocketChannel open() throws IOException {
        SocketAddress address = parseAddress(socketSpec);
        if (address instanceof UnixDomainSocketAddress) {
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                ch.connect(address);
            } catch (IOException e) {
                ch.close();
                throw e;
            }
            return ch;
        }
        InetSocketAddress unresolved = (InetSocketAddress) address;
        return SocketChannel.open(new InetSocketAddress(unresolved.getHostString(), unresolved.getPort()));
    }

    /** Open, then one Register per subtree, each awaited. */
    private void session(SocketChannel ch) throws IOException, ProtocolException {
        AgentXPdu.Response opened = await(ch, new AgentXPdu.Open(new AgentXPdu.Header(0, 0, packetIds.incrementAndGet()),
                TIMEOUT_SECONDS, SUBAGENT_ID, "Vigil SNMP subagent"));
        if (opened.error() != 0) throw new ProtocolException("Open refused with error " + opened.error());
        sessionId = opened.header().sessionId();
        for (Oid subtree : subtrees) {
            AgentXPdu.Response r = await(ch, new AgentXPdu.Register(new AgentXPdu.Header(sessionId, 0, packetIds.incrementAndGet()),
                    null, TIMEOUT_SECONDS, 127, subtree));
            if (r.error() != 0) LOG.warn("AgentX master refused the registration of {} (error {})", subtree, r.error());
        }
        registered = true;
        synchronized (beforeFirstSession) {
            everRegistered = true;
            for (List<AgentXPdu.VarBind> early : beforeFirstSession) {
                write(ch, new AgentXPdu.Notify(new AgentXPdu.Header(sessionId, 0, packetIds.incrementAndGet()), null, early));
            }
            beforeFirstSession.clear();
        }
        LOG.info("AgentX session {} open with {}: {} subtree(s) registered", sessionId, socketSpec, subtrees.size());
    }

    private AgentXPdu.Response await(SocketChannel ch, AgentXPdu request) throws IOException, ProtocolException {
        write(ch, request);
        while (true) {
            Optional<AgentXPdu> pdu = read(ch);
            if (pdu.isEmpty()) continue;
            if (pdu.get() instanceof AgentXPdu.Response r && r.header().packetId() == request.header().packetId()) return r;
            answer(ch, pdu.get());
        }
    }

    private void serve(SocketChannel ch) throws IOException, ProtocolException {
        while (!closed) {
            Optional<AgentXPdu> pdu = read(ch);
            if (pdu.isPresent()) answer(ch, pdu.get());
        }
    }

    private void answer(SocketChannel ch, AgentXPdu pdu) throws IOException, ProtocolException {
        AgentXPdu.Header h = pdu.header();
        switch (pdu) {
            case AgentXPdu.Get g -> {
                MibTree t = tree.get();
                write(ch, response(h, 0, 0, g.ranges().stream().map(r -> t.get(r.start())).toList()));
            }
            case AgentXPdu.GetNext g -> {
                MibTree t = tree.get();
                write(ch, response(h, 0, 0, g.ranges().stream().map(t::getNext).toList()));
            }
            case AgentXPdu.GetBulk g -> write(ch, response(h, 0, 0, tree.get().getBulk(g.nonRepeaters(), g.maxRepetitions(), g.ranges())));
            case AgentXPdu.SetPhase s -> {
                // read-only: TestSet is refused; the other phases need no work (CleanupSet takes no answer)
                if (s.type() == AgentXCodec.TESTSET) write(ch, response(h, AgentXPdu.Response.NOT_WRITABLE, 1, List.of()));
                else if (s.type() != AgentXCodec.CLEANUPSET) write(ch, response(h, 0, 0, List.of()));
            }
            case AgentXPdu.Close c -> throw new ProtocolException("master closed the session (reason " + c.reason() + ")");
            case AgentXPdu.Ping p -> write(ch, response(h, 0, 0, List.of()));
            case AgentXPdu.Response r -> { } // to a Notify: nothing to do
            case AgentXPdu.Open o -> malformed.incrementAndGet();
            case AgentXPdu.Register r -> malformed.incrementAndGet();
            case AgentXPdu.Notify n -> malformed.incrementAndGet();
        }
    }

    private static AgentXPdu.Response response(AgentXPdu.Header h, int error, int index, List<AgentXPdu.VarBind> vbs) {
        return new AgentXPdu.Response(h, 0, error, index, vbs);
    }

    private void write(SocketChannel ch, AgentXPdu pdu) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(AgentXCodec.encode(pdu));
        synchronized (writeLock) {
            while (b.hasRemaining()) ch.write(b);
        }
    }

    /** One PDU; empty (and counted) when it does not parse. A header that cannot be framed ends the session. */
    private Optional<AgentXPdu> read(SocketChannel ch) throws IOException, ProtocolException {
        byte[] header = readFully(ch, AgentXCodec.HEADER_BYTES);
        int len = AgentXCodec.payloadLength(header);
        if (len < 0) throw new ProtocolException("unframeable AgentX header");
        byte[] payload = readFully(ch, len);
        byte[] whole = new byte[header.length + len];
        System.arraycopy(header, 0, whole, 0, header.length);
        System.arraycopy(payload, 0, whole, header.length, len);
        Optional<AgentXPdu> pdu = AgentXCodec.decode(whole);
        if (pdu.isEmpty()) {
            malformed.incrementAndGet();
            LOG.debug("dropped a malformed AgentX PDU of type {}", header[1] & 0xFF);
        }
        return pdu;
    }

    private static byte[] readFully(SocketChannel ch, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) throw new IOException("connection closed by the master agent");
        }
        return b.array();
    }

    static final class ProtocolException extends Exception {
        ProtocolException(String message) {
            super(message);
        }
    }

    @Override
    public void close() {
        closed = true;
        SocketChannel ch = channel;
        if (ch != null && registered) {
            try {
                write(ch, new AgentXPdu.Close(new AgentXPdu.Header(sessionId, 0, packetIds.incrementAndGet()), AgentXPdu.Close.REASON_SHUTDOWN));
            } catch (IOException ignored) {
                // the master is gone already
            }
        }
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        loop.interrupt();
    }
}

package io.vigil.check.bench;

import io.vigil.sys.EpollIo;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Iterator;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * CPU per TCP check connect (connect, see it complete, close) three ways, to a listener in another process (or in
 * this one, its own CPU subtracted): {@code epoll} (what TcpCheckLoop does: EpollIo.connectWatched, epoll_wait, SO_ERROR,
 * close), {@code nio} (a java.nio Selector: SocketChannel.open, configureBlocking, connect, register for
 * OP_CONNECT, finishConnect, close) and {@code vthread} (what TcpProbe did on a virtual thread per check: a
 * blocking Socket.connect with a timeout). {@code WINDOW} connects in flight at a time.
 *
 * <p>Usage: {@code ConnectCost CONNECTS [WINDOW=32] [ROUNDS=3] [MODES=epoll,nio,vthread] [HOST:PORT]}; prints {@code CONNECT mode=... us_per_connect=...}.
 */
public final class ConnectCost {
    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        int window = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        String[] modes = (args.length > 3 ? args[3] : "epoll,nio,vthread").split(",");
        // the listener: in another process (HOST:PORT given, e.g. CheckBenchServer), or in this one with its CPU subtracted
        ServerSocketChannel server = null;
        Thread acceptor = null;
        InetSocketAddress to;
        if (args.length > 4) {
            String[] hp = args[4].split(":");
            to = new InetSocketAddress(InetAddress.getByName(hp[0]), Integer.parseInt(hp[1]));
        } else {
            ServerSocketChannel ss = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
            server = ss;
            to = (InetSocketAddress) ss.getLocalAddress();
            acceptor = Thread.ofPlatform().daemon().name("acceptor").start(() -> {
                try {
                    while (true) ss.accept().close();
                } catch (Exception closed) {
                    // done
                }
            });
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int round = 0; round <= rounds; round++) { // round 0 warms up
            for (String mode : modes) {
                System.gc();
                long cpu0 = os.getProcessCpuTime(), acc0 = acceptorCpu(threads, acceptor), t0 = System.nanoTime();
                switch (mode) {
                    case "epoll" -> epoll(to, n, window);
                    case "nio" -> nio(to, n, window);
                    default -> vthreads(to, n, window);
                }
                long wall = System.nanoTime() - t0;
                long cpu = os.getProcessCpuTime() - cpu0 - (acceptorCpu(threads, acceptor) - acc0);
                if (round > 0)
                    System.out.printf("CONNECT mode=%s round=%d connects=%d window=%d us_per_connect=%.1f connects_per_s=%.0f%n",
                            mode, round, n, window, cpu / 1000.0 / n, n * 1e9 / wall);
            }
        }
        if (server != null) server.close();
    }

    private static long acceptorCpu(ThreadMXBean threads, Thread acceptor) {
        return acceptor == null ? 0 : threads.getThreadCpuTime(acceptor.threadId());
    }

    static void epoll(InetSocketAddress to, int n, int window) {
        int ep = EpollIo.epollCreate();
        EpollIo.ConnectTarget target = EpollIo.connectTarget(to, null, 0);
        EpollIo.Events events = new EpollIo.Events(256);
        // as TcpCheckLoop: the event's data names a slot (there a checker), which holds the socket
        int[] fdOfSlot = new int[window], free = new int[window];
        for (int i = 0; i < window; i++) free[i] = i;
        int freeCount = window, started = 0, done = 0;
        while (done < n) {
            while (freeCount > 0 && started < n) {
                int slot = free[--freeCount];
                int fd = EpollIo.connectWatched(ep, target, slot);
                if (fd < 0) throw new IllegalStateException("connect: errno " + -fd);
                fdOfSlot[slot] = fd;
                started++;
            }
            int k = EpollIo.epollWait(ep, events, 1000);
            for (int i = 0; i < k; i++) {
                int slot = (int) events.data(i);
                int fd = fdOfSlot[slot];
                if (EpollIo.socketError(fd) != 0) throw new IllegalStateException("connect failed");
                EpollIo.close(fd);
                free[freeCount++] = slot;
                done++;
            }
        }
        EpollIo.close(ep);
    }

    static void nio(InetSocketAddress to, int n, int window) throws Exception {
        try (Selector sel = Selector.open()) {
            int started = 0, done = 0, inFlight = 0;
            while (done < n) {
                while (inFlight < window && started < n) {
                    SocketChannel c = SocketChannel.open();
                    c.configureBlocking(false);
                    if (c.connect(to)) {
                        c.close();
                        done++;
                    } else {
                        c.register(sel, SelectionKey.OP_CONNECT);
                        inFlight++;
                    }
                    started++;
                }
                sel.select(1000);
                Iterator<SelectionKey> it = sel.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey key = it.next();
                    it.remove();
                    SocketChannel c = (SocketChannel) key.channel();
                    c.finishConnect();
                    c.close();
                    done++;
                    inFlight--;
                }
            }
            sel.selectNow(); // deregisters the closed channels
        }
    }

    static void vthreads(InetSocketAddress to, int n, int window) throws Exception {
        Semaphore slots = new Semaphore(window);
        AtomicLong failures = new AtomicLong();
        for (int i = 0; i < n; i++) {
            slots.acquire();
            Thread.ofVirtual().start(() -> {
                try (Socket s = new Socket(Proxy.NO_PROXY)) {
                    s.connect(to, 1000);
                } catch (Exception e) {
                    failures.incrementAndGet();
                } finally {
                    slots.release();
                }
            });
        }
        slots.acquire(window);
        if (failures.get() > 0) System.out.println("CONNECT mode=vthread failed=" + failures.get() + " (timeouts: the listener fell behind)");
    }
}

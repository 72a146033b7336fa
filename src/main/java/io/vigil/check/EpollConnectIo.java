package io.vigil.check;

import io.vigil.sys.EpollIo;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** {@link TcpCheckLoop}'s sockets: one epoll set, an eventfd to wake it, each checker's addresses built once. */
final class EpollConnectIo implements TcpCheckLoop.ConnectIo {
    private static final long WAKE = -1L;
    private final int epoll = EpollIo.epollCreate();
    private final int wakeFd;
    private final List<EpollIo.ConnectTarget> targets = new ArrayList<>();
    private final EpollIo.Events events = new EpollIo.Events(256);

    EpollConnectIo() {
        try {
            wakeFd = EpollIo.wakeFd();
            int rc = EpollIo.epollCtl(epoll, EpollIo.EPOLL_CTL_ADD, wakeFd, EpollIo.EPOLLIN, WAKE);
            if (rc < 0) throw new io.vigil.sys.NativeException("epoll_ctl", -rc);
        } catch (RuntimeException e) {
            EpollIo.close(epoll);
            throw e;
        }
    }

    @Override
    public void target(int checker, InetSocketAddress to, InetSocketAddress bind, int mark, String device) {
        while (targets.size() <= checker) targets.add(null);
        targets.set(checker, EpollIo.connectTarget(to, bind, mark, device));
    }

    @Override
    public int connect(int checker, long token) {
        return EpollIo.connectWatched(epoll, targets.get(checker), token);
    }

    @Override
    public int await(long timeoutMillis, long[] tokens) {
        int n = EpollIo.epollWait(epoll, events, (int) Math.min(Integer.MAX_VALUE, timeoutMillis));
        int k = 0;
        for (int i = 0; i < n && k < tokens.length; i++) {
            long data = events.data(i);
            if (data == WAKE) EpollIo.drainWake(wakeFd);
            else tokens[k++] = data;
        }
        return k;
    }

    @Override
    public int result(int socket) {
        return EpollIo.socketError(socket);
    }

    @Override
    public void close(int socket) {
        EpollIo.close(socket);
    }

    @Override
    public void wakeup() {
        EpollIo.wake(wakeFd);
    }

    @Override
    public void close() {
        EpollIo.close(wakeFd);
        EpollIo.close(epoll);
    }
}

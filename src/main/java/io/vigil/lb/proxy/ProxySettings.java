package io.vigil.lb.proxy;

/**
 * Tuning of the userspace proxy.
 *
 * @param connectTimeoutMillis how long a connect to a real server may take before the next server is tried
 * @param connectAttempts      servers tried per client connection (the first pick plus retries on other servers)
 * @param udpIdleTimeoutMillis a UDP session (client address:port to server) ends after this long without traffic
 * @param ioModel              TCP engine: io_uring through FFM (default; epoll where the kernel or a seccomp filter
 *                             refuses io_uring), native epoll through FFM, a JDK NIO selector loop, or virtual threads
 *                             with blocking sockets (measurements: docs/benchmarks/lb.md)
 * @param workers              event-loop threads per TCP service (epoll and NIO engines)
 * @param splice               epoll engine: move bulk directions (a read that fills the 64 KiB buffer) to splice(2);
 *                             off by default: it did not beat read/write in this machine's measurements (docs/benchmarks/lb.md)
 * @param bindRetryMillis      how often a listener whose address is not (yet) local retries its bind (e.g. a VIP
 *                             that arrives when this node becomes VRRP master)
 */
public record ProxySettings(int connectTimeoutMillis, int connectAttempts, int udpIdleTimeoutMillis, IoModel ioModel,
                            int workers, int bindRetryMillis, boolean splice) {
    public enum IoModel { NIO, VIRTUAL_THREADS, EPOLL, IO_URING }

    public static final ProxySettings DEFAULTS = new ProxySettings(3000, 3, 60_000, IoModel.EPOLL, 1, 1000, false);

    public ProxySettings {
        if (connectTimeoutMillis <= 0 || connectAttempts <= 0 || udpIdleTimeoutMillis <= 0 || workers <= 0 || bindRetryMillis <= 0)
            throw new IllegalArgumentException("proxy settings must be positive");
    }

    public ProxySettings withIoModel(IoModel m) {
        return new ProxySettings(connectTimeoutMillis, connectAttempts, udpIdleTimeoutMillis, m, workers, bindRetryMillis, splice);
    }

    public ProxySettings withConnectTimeoutMillis(int ms) {
        return new ProxySettings(ms, connectAttempts, udpIdleTimeoutMillis, ioModel, workers, bindRetryMillis, splice);
    }

    public ProxySettings withSplice(boolean on) {
        return new ProxySettings(connectTimeoutMillis, connectAttempts, udpIdleTimeoutMillis, ioModel, workers, bindRetryMillis, on);
    }

    public ProxySettings withWorkers(int n) {
        return new ProxySettings(connectTimeoutMillis, connectAttempts, udpIdleTimeoutMillis, ioModel, n, bindRetryMillis, splice);
    }
}

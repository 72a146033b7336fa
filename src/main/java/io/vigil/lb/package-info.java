/**
 * Load balancing: virtual services from keepalived.conf become forwarding through one {@link io.vigil.lb.DataPlane}.
 *
 * <h2>Shape</h2>
 * <ul>
 *   <li>Desired state as records: {@link io.vigil.lb.DesiredState} → {@link io.vigil.lb.VirtualService}
 *       ({@link io.vigil.lb.ServiceKey} TCP/UDP/SCTP address:port or fwmark, {@link io.vigil.lb.SchedulerKind} +
 *       {@link io.vigil.lb.SchedulerFlag}s, {@link io.vigil.lb.Persistence}, ops) → {@link io.vigil.lb.RealServer}
 *       (weight, {@link io.vigil.lb.Forwarding} NAT/DR/TUN + {@link io.vigil.lb.Tunnel}, thresholds).</li>
 *   <li>{@link io.vigil.lb.Reconciler} (pure) turns current + desired into a {@link io.vigil.lb.Plan} of
 *       {@link io.vigil.lb.Change}s; {@link io.vigil.lb.DataPlane#reconcile} applies it. Weight 0 is an edit (drain),
 *       never a removal.</li>
 *   <li>{@link io.vigil.lb.sched.Scheduler}: IPVS's schedulers as deterministic functions, shared by the proxy and
 *       the nftables table builder (wrr period, sh buckets, Maglev table).</li>
 *   <li>Back ends: {@code lb.ipvs} (kernel IPVS over generic netlink, separate branch), {@link io.vigil.lb.nft.NftDataPlane}
 *       (DNAT in tables {@code ip vigil}/{@code ip6 vigil}), {@link io.vigil.lb.proxy.ProxyDataPlane} (userspace
 *       TCP/UDP), {@link io.vigil.lb.FakeDataPlane} (in memory). {@link io.vigil.lb.DataPlanes} probes the host and
 *       builds the one {@link io.vigil.lb.DataPlaneSelector} chooses: {@code vigil_data_plane} if set, else IPVS, else
 *       nftables, else the proxy.</li>
 *   <li>{@link io.vigil.lb.StatusFormatter} prints any back end's state like {@code ipvsadm -Ln}.</li>
 * </ul>
 *
 * <h2>Decisions</h2>
 * <ul>
 *   <li>nftables rules cannot consult connection counts when scheduling: lc, wlc, sed, nq, lblc, lblcr, ovf,
 *       thresholds and ops are refused with
 *       a message naming the service and the alternatives (rr wrr sh dh mh fo, or {@code vigil_data_plane proxy}); no
 *       silent fallback, because a service quietly moving to userspace changes its performance and source addresses.
 *       DR/TUN are refused too (NAT only). With no server available the service rejects (ICMP port unreachable, as
 *       IPVS does) instead of leaving clients to time out. The counts are still shown: {@code vigil status} reads the
 *       conntrack table (ctnetlink) for ActiveConn/InActConn.</li>
 *   <li>nftables updates are whole-table rebuilds in one batch (one kernel transaction): atomic, and named counters and
 *       per-server persistence sets survive them because they are kept, not recreated.</li>
 *   <li>Persistence keeps a client only on a server that still takes new connections (weight &gt; 0), like IPVS with
 *       {@code expire_quiescent_template}: draining empties a server even of persistent clients' new connections.</li>
 *   <li>The proxy's TCP engine is io_uring through FFM ({@link io.vigil.sys.IoUring}: multishot accept and receive
 *       into a provided-buffer ring, linked sends, one io_uring_enter per loop turn), chosen at start where the kernel
 *       allows it ({@code vigil_proxy_engine}); otherwise a native epoll loop ({@link io.vigil.sys.EpollIo}). JDK NIO
 *       and virtual threads were measured against them (docs/benchmarks/lb.md) and are kept as
 *       {@code ProxySettings.IoModel} choices (NIO is the fallback where native epoll is unavailable). splice(2) for
 *       bulk directions exists in the epoll engine but is off by default: it did not beat read/write here.</li>
 *   <li>The proxy does not apply forwarding methods (it always opens its own connection to the server, so real servers
 *       need no route back); fwmark, SCTP and port-0 services need a kernel back end.</li>
 * </ul>
 */
package io.vigil.lb;

package io.vigil.config;

import java.net.Inet6Address;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.vigil.config.VrrpSchema.*;

/** Builds the VRRP records from their sections, resolving references once the whole file is read. */
final class VrrpModelBuilder {
    private final Diagnostics diags;
    private final GlobalDefs global;
    /** Scripts keepalived drops (no script line): tracking them is a warning, not an error. */
    private final Set<String> droppedScripts = new HashSet<>();
    final Map<String, VrrpScript> scripts = new LinkedHashMap<>();
    final Map<String, TrackFile> trackFiles = new LinkedHashMap<>();
    final Map<String, TrackProcess> trackProcesses = new LinkedHashMap<>();
    /** bfd_instance blocks, for track_bfd references (set before instances and sync groups are built). */
    Map<String, BfdInstance> bfds = Map.of();
    final List<VrrpInstance> instances = new ArrayList<>();
    final List<VrrpSyncGroup> syncGroups = new ArrayList<>();
    Optional<GlobalDefs.LvsSyncDaemon> legacySyncDaemon = Optional.empty();

    VrrpModelBuilder(Diagnostics diags, GlobalDefs global) {
        this.diags = diags;
        this.global = global;
    }

    void scripts(List<Section> sections) {
        for (Section s : sections) {
            String name = s.header();
            if (!s.isSet(SCRIPT)) {
                diags.warning(s.pos(), "vrrp_script has no script; keepalived removes it", name);
                droppedScripts.add(name);
                continue;
            }
            if (scripts.containsKey(name)) {
                diags.error(s.pos(), "vrrp_script defined twice", name);
                continue;
            }
            Duration interval = s.get(SCRIPT_INTERVAL);
            Duration timeout = s.isSet(SCRIPT_TIMEOUT) ? s.get(SCRIPT_TIMEOUT) : interval;
            scripts.put(name, new VrrpScript(name, s.get(SCRIPT), interval, timeout, s.get(SCRIPT_WEIGHT), s.get(RISE), s.get(FALL),
                    Optional.ofNullable(s.get(SCRIPT_USER)), s.get(INIT_FAIL), s.pos()));
        }
    }

    void trackFiles(List<Section> sections) {
        for (Section s : sections) {
            String name = s.header();
            if (!s.isSet(FILE)) {
                diags.error(s.pos(), "track_file has no 'file'", name);
                continue;
            }
            if (trackFiles.containsKey(name)) {
                diags.error(s.pos(), "track_file defined twice", name);
                continue;
            }
            trackFiles.put(name, new TrackFile(name, Path.of(s.get(FILE)), s.get(FILE_WEIGHT), Optional.ofNullable(s.get(INIT_FILE)), s.pos()));
        }
    }

    void trackProcesses(List<Section> sections) {
        for (Section s : sections) {
            String name = s.header();
            if (!s.isSet(PROCESS)) {
                diags.error(s.pos(), "vrrp_track_process has no 'process'", name);
                continue;
            }
            if (trackProcesses.containsKey(name)) {
                diags.error(s.pos(), "vrrp_track_process defined twice", name);
                continue;
            }
            List<String> words = List.of(s.get(PROCESS).trim().split("\\s+"));
            List<String> params = words.subList(1, words.size());
            TrackProcess.ParamMatch match = s.isSet(PARAM_MATCH) ? s.get(PARAM_MATCH)
                    : params.isEmpty() ? TrackProcess.ParamMatch.NONE : TrackProcess.ParamMatch.EXACT;
            boolean full = s.get(FULL_COMMAND) || !params.isEmpty() || s.isSet(PARAM_MATCH);
            int quorumMax = s.isSet(PROCESS_QUORUM_MAX) ? s.get(PROCESS_QUORUM_MAX) : Integer.MAX_VALUE;
            // keepalived: quorum_max 0 (process must not run) makes the quorum 0 unless a quorum was written.
            int quorum = s.isSet(PROCESS_QUORUM) ? s.get(PROCESS_QUORUM) : quorumMax == 0 ? 0 : 1;
            if (quorum > quorumMax) {
                diags.error(s.posOf(PROCESS_QUORUM_MAX), "quorum_max is less than quorum", name);
                continue;
            }
            Duration delay = s.isSet(PROCESS_DELAY) ? s.get(PROCESS_DELAY) : Duration.ZERO;
            trackProcesses.put(name, new TrackProcess(name, words.getFirst(), params, match, full, quorum, quorumMax,
                    s.isSet(PROCESS_TERMINATE_DELAY) ? s.get(PROCESS_TERMINATE_DELAY) : delay,
                    s.isSet(PROCESS_FORK_DELAY) ? s.get(PROCESS_FORK_DELAY) : delay, s.get(PROCESS_WEIGHT), s.pos()));
        }
    }

    void instances(List<Section> sections, Map<String, String> memberOf) {
        Map<String, Section> byName = new HashMap<>();
        Map<String, String> vridUse = new HashMap<>();
        for (Section s : sections) {
            String name = s.header();
            if (byName.containsKey(name)) {
                diags.error(s.pos(), "vrrp_instance defined twice", name);
                continue;
            }
            byName.put(name, s);
            VrrpInstance i = instance(s, name, Optional.ofNullable(memberOf.get(name)));
            if (i == null) {
                continue;
            }
            String key = i.interfaceName().orElse("") + "/" + i.virtualRouterId() + "/" + (i.isIpv6() ? 6 : 4);
            String other = vridUse.putIfAbsent(key, name);
            if (other != null) {
                diags.error(s.posOf(VIRTUAL_ROUTER_ID), "virtual_router_id " + i.virtualRouterId() + " already used by " + other
                        + " on the same interface and family", name);
            }
            instances.add(i);
        }
    }

    private VrrpInstance instance(Section s, String name, Optional<String> syncGroup) {
        if (!s.isSet(VIRTUAL_ROUTER_ID)) {
            if (!s.wasWritten(VIRTUAL_ROUTER_ID)) {
                diags.error(s.pos(), "vrrp_instance has no virtual_router_id", name);
            }
            return null;
        }
        List<VirtualIp> vips = s.get(VIRTUAL_IPADDRESS);
        boolean ipv6 = !vips.isEmpty() && vips.getFirst().address().isIpv6() || s.get(NATIVE_IPV6);
        for (VirtualIp v : vips) {
            if (v.address().isIpv6() != ipv6) {
                diags.error(v.pos(), s.get(NATIVE_IPV6) ? "native_ipv6 cannot have IPv4 virtual_ipaddress (use virtual_ipaddress_excluded)"
                                : "virtual_ipaddress mixes IPv4 and IPv6 (use virtual_ipaddress_excluded for the other family)",
                        v.address().toString());
            }
        }
        int version = s.isSet(VERSION) ? s.get(VERSION) : global.vrrpVersion();
        if (ipv6) {
            version = 3; // keepalived runs IPv6 instances as VRRPv3 whatever the version says
        }
        Duration advert = s.get(ADVERT_INT);
        if (version == 2 && (advert.toNanos() % 1_000_000_000L != 0)) {
            diags.error(s.posOf(ADVERT_INT), "VRRPv2 advert_int must be whole seconds (1..255)", Types.seconds(advert));
        } else if (version == 3 && advert.toMillis() > 40_950) {
            diags.error(s.posOf(ADVERT_INT), "VRRPv3 advert_int must be at most 40.95 seconds", Types.seconds(advert));
        }
        Vrrp.State state = s.get(STATE);
        Optional<Vrrp.Authentication> auth = Optional.empty();
        if (s.isSet(AUTHENTICATION)) {
            Section a = s.get(AUTHENTICATION);
            if (!a.isSet(AUTH_TYPE) || !a.isSet(AUTH_PASS)) {
                diags.error(a.pos(), "authentication needs auth_type and auth_pass", "authentication");
            } else if (version == 3) {
                diags.error(a.pos(), "VRRPv3 has no authentication; keepalived ignores it", "authentication");
            } else {
                String pass = a.get(AUTH_PASS);
                if (pass.length() > 8) {
                    diags.warning(a.posOf(AUTH_PASS), "auth_pass longer than 8 characters; only the first 8 are used", "(secret, not shown)");
                    pass = pass.substring(0, 8);
                }
                auth = Optional.of(new Vrrp.Authentication(a.get(AUTH_TYPE), pass));
                if (a.get(AUTH_TYPE) == Vrrp.AuthType.AH && state == Vrrp.State.MASTER) {
                    diags.warning(s.posOf(STATE), "initial state MASTER is incompatible with AH authentication; starting as BACKUP", name);
                    state = Vrrp.State.BACKUP;
                }
            }
        }
        boolean nopreempt = s.get(NOPREEMPT) && !s.get(PREEMPT);
        if (nopreempt && state == Vrrp.State.MASTER) {
            diags.warning(s.posOf(NOPREEMPT), "nopreempt does not work with initial state MASTER", name);
        }
        Optional<java.net.InetAddress> unicastSrc = Optional.ofNullable(s.get(UNICAST_SRC_IP));
        List<Vrrp.UnicastPeer> peers = s.get(UNICAST_PEER);
        for (Vrrp.UnicastPeer p : peers) {
            if (unicastSrc.isPresent() && (unicastSrc.get() instanceof Inet6Address) != (p.address() instanceof Inet6Address)) {
                diags.error(s.posOf(UNICAST_PEER), "unicast_peer family differs from unicast_src_ip", Addresses.format(p.address()));
            }
        }
        if (s.isSet(LVS_SYNC_DAEMON_INTERFACE) && legacySyncDaemon.isEmpty()) {
            legacySyncDaemon = Optional.of(new GlobalDefs.LvsSyncDaemon(s.get(LVS_SYNC_DAEMON_INTERFACE), name, Optional.empty(), ""));
        }
        Vrrp.Garp g = global.vrrpGarp();
        Vrrp.Garp garp = new Vrrp.Garp(
                s.isSet(GARP_MASTER_DELAY) ? s.get(GARP_MASTER_DELAY) : g.masterDelay(),
                s.isSet(GARP_MASTER_REPEAT) ? s.get(GARP_MASTER_REPEAT) : g.masterRepeat(),
                s.isSet(GARP_LOWER_PRIO_DELAY) ? s.get(GARP_LOWER_PRIO_DELAY) : g.lowerPrioDelay(),
                s.isSet(GARP_LOWER_PRIO_REPEAT) ? s.get(GARP_LOWER_PRIO_REPEAT) : g.lowerPrioRepeat(),
                s.isSet(GARP_MASTER_REFRESH) ? s.get(GARP_MASTER_REFRESH) : g.masterRefresh(),
                s.isSet(GARP_MASTER_REFRESH_REPEAT) ? s.get(GARP_MASTER_REFRESH_REPEAT) : g.masterRefreshRepeat());
        Optional<String> iface = Optional.ofNullable(s.get(INTERFACE)).or(global::defaultInterface);
        boolean strict = s.isSet(STRICT_MODE) ? s.get(STRICT_MODE) : global.vrrpStrict();
        Vrrp.Options options = options(s, strict, version);
        Duration preemptDelay = s.get(PREEMPT_DELAY);
        if (strict) {
            // keepalived 2.2.7's strict mode (vrrp.c): what it refuses, and what it resets with a message.
            boolean owner = s.get(PRIORITY) == 255;
            if (vips.isEmpty()) diags.error(s.pos(), "strict mode: no VIP specified; at least one is required", name);
            if (!peers.isEmpty()) diags.error(s.posOf(UNICAST_PEER), "unicast peers are not supported in strict mode", name);
            if (s.isSet(STATE) && (state == Vrrp.State.MASTER) != owner) {
                diags.warning(s.posOf(STATE), "strict mode: state MASTER must match being address owner (priority 255); resetting", name);
                state = owner ? Vrrp.State.MASTER : Vrrp.State.BACKUP;
            }
            if (auth.isPresent()) {
                diags.warning(s.posOf(AUTHENTICATION), "strict mode does not support authentication; ignoring it", name);
                auth = Optional.empty();
            }
            if (preemptDelay.isPositive()) {
                diags.warning(s.posOf(PREEMPT_DELAY), "preempt_delay is incompatible with strict mode; resetting", name);
                preemptDelay = Duration.ZERO;
            }
            if (s.isSet(GARP_LOWER_PRIO_REPEAT) && garp.lowerPrioRepeat() > 0 || s.isSet(GARP_LOWER_PRIO_DELAY) && garp.lowerPrioDelay().isPositive())
                diags.warning(s.pos(), "strict mode requires no lower-priority GARPs; resetting garp_lower_prio_repeat/delay", name);
            garp = new Vrrp.Garp(garp.masterDelay(), garp.masterRepeat(), Duration.ZERO, 0, garp.masterRefresh(), garp.masterRefreshRepeat());
            if (vips.stream().anyMatch(v -> v.address().isIpv6()) && peers.isEmpty() && !vips.getFirst().address().address().isLinkLocalAddress())
                diags.warning(vips.getFirst().pos(), "strict mode: the first IPv6 VIP address must be link local", name);
        }
        return new VrrpInstance(name, state, iface, s.get(VIRTUAL_ROUTER_ID), s.get(PRIORITY), advert, version, nopreempt,
                preemptDelay, auth, List.copyOf(vips), List.copyOf(s.get(VIRTUAL_IPADDRESS_EXCLUDED)),
                List.copyOf(s.get(VIRTUAL_ROUTES)), List.copyOf(s.get(VIRTUAL_RULES)), tracking(s, name), unicastSrc, List.copyOf(peers),
                Optional.ofNullable(s.get(MCAST_SRC_IP)), vmac(s, name, strict, !peers.isEmpty()), garp, notify(s), s.isSet(SMTP_ALERT) ? s.get(SMTP_ALERT) : global.smtpAlert().vrrpDefault(), s.get(DONT_TRACK_PRIMARY),
                !options.noAccept(), options.skipCheckAdvAddr(),
                strict, s.get(NATIVE_IPV6), options, syncGroup, s.pos());
    }

    /** keepalived's checks of use_vmac / vmac_xmit_base (vrrp_parser.c's end handler, vrrp.c's vrrp_complete_instance). */
    private Optional<Vrrp.Vmac> vmac(Section s, String name, boolean strict, boolean unicast) {
        boolean xmitBase = s.get(VMAC_XMIT_BASE);
        if (!s.isSet(USE_VMAC)) {
            if (xmitBase) diags.warning(s.posOf(VMAC_XMIT_BASE), "vmac_xmit_base is only valid with a vmac; ignoring it", name);
            return Optional.empty();
        }
        if (unicast && !xmitBase) {
            diags.warning(s.posOf(USE_VMAC), "unicast with use_vmac requires vmac_xmit_base; setting it", name);
            xmitBase = true;
        }
        if (strict && xmitBase) {
            diags.warning(s.isSet(VMAC_XMIT_BASE) ? s.posOf(VMAC_XMIT_BASE) : s.posOf(USE_VMAC), "vmac_xmit_base is incompatible with strict mode; resetting", name);
            xmitBase = false;
        }
        if (s.get(PROMOTE_SECONDARIES))
            diags.warning(s.posOf(PROMOTE_SECONDARIES), "promote_secondaries is set on a vmac by itself; ignoring it", name);
        Vrrp.Vmac v = s.get(USE_VMAC);
        Vrrp.Vmac out = new Vrrp.Vmac(v.name(), v.mac(), v.macPlusVrid(), xmitBase);
        v.name().ifPresent(n -> {
            String other = vmacNames.putIfAbsent(n, name);
            if (other != null) diags.error(s.posOf(USE_VMAC), "VRRP instance " + other + " already uses VMAC interface " + n, n);
        });
        return Optional.of(out);
    }

    private java.util.Optional<Vrrp.GarpExtraIf> garpExtraIf(Section s, Vrrp.Options g) {
        java.util.Optional<Vrrp.GarpExtraIf> x = s.isSet(GARP_EXTRA_IF) ? java.util.Optional.of(s.get(GARP_EXTRA_IF)) : g.garpExtraIf();
        if (x.isPresent() && !x.get().all() && x.get().interval().isPositive() && !s.get(USE_VMAC_ADDR))
            diags.warning(s.isSet(GARP_EXTRA_IF) ? s.posOf(GARP_EXTRA_IF) : s.pos(), "garp_extra_if without 'all' has no effect without use_vmac_addr: "
                    + "it counts only that option's per-address VMACs", s.header());
        return x;
    }

    /** use_vmac names given so far, to the instance that gave each. */
    private final java.util.Map<String, String> vmacNames = new java.util.HashMap<>();

    /** The instance's own setting wins over global_defs' vrrp_* one. */
    private Vrrp.Options options(Section s, boolean strict, int version) {
        Vrrp.Options g = global.vrrpOptions();
        Optional<Integer> ttl = Optional.ofNullable(s.get(UNICAST_TTL));
        if (ttl.isPresent() && s.get(UNICAST_PEER).isEmpty()) {
            diags.warning(s.posOf(UNICAST_TTL), "unicast_ttl without unicast_peer; ignored (multicast adverts keep TTL 255)", s.header());
            ttl = Optional.empty();
        }
        boolean lowerNoAdvert = s.isSet(LOWER_PRIO_NO_ADVERT) ? s.get(LOWER_PRIO_NO_ADVERT) : g.lowerPrioNoAdvert();
        boolean higherSend = s.isSet(HIGHER_PRIO_SEND_ADVERT) ? s.get(HIGHER_PRIO_SEND_ADVERT) : g.higherPrioSendAdvert();
        if (strict) {
            if (s.isSet(LOWER_PRIO_NO_ADVERT) && !lowerNoAdvert)
                diags.warning(s.posOf(LOWER_PRIO_NO_ADVERT), "strict mode requires lower_prio_no_advert; resetting", s.header());
            if (s.isSet(HIGHER_PRIO_SEND_ADVERT) && higherSend)
                diags.warning(s.posOf(HIGHER_PRIO_SEND_ADVERT), "strict mode requires higher_prio_send_advert to be clear; resetting", s.header());
            lowerNoAdvert = true;
            higherSend = false;
        }
        return new Vrrp.Options(lowerNoAdvert, higherSend,
                s.get(CHECK_UNICAST_SRC) || g.checkUnicastSrc(), ttl, s.get(UNICAST_FAULT_NO_PEER), s.get(PROMOTE_SECONDARIES) && !s.isSet(USE_VMAC), g.startupDelay(),
                noAccept(s, strict, version), g.firewall(), downTimerAdverts(s, strict),
                s.isSet(SKIP_CHECK_ADV_ADDR) ? s.get(SKIP_CHECK_ADV_ADDR) : g.skipCheckAdvAddr(), mcastDstIp(s),
                s.isSet(OLD_UNICAST_CHECKSUM) ? s.get(OLD_UNICAST_CHECKSUM) : Vrrp.UnicastChecksum.RFC, g.disableLocalIgmp(),
                g.maxAutoPriority(), g.minAutoPriorityDelayMicros(), g.vmacPrefix(), garpExtraIf(s, g), s.get(USE_VMAC_ADDR), g.vmacAddrPrefix(),
                g.linkbeatUsePolling() || s.get(LINKBEAT_USE_POLLING), g.linkbeatInterfaces(), g.upDownDelays(), g.garpGroups());
    }

    /** keepalived: mcast_dst_ip must match the instance's family, and a unicast instance drops it. */
    private Optional<java.net.InetAddress> mcastDstIp(Section s) {
        java.net.InetAddress group = s.get(MCAST_DST_IP);
        if (group == null) return Optional.empty();
        List<VirtualIp> vips = s.get(VIRTUAL_IPADDRESS);
        boolean ipv6 = !vips.isEmpty() && vips.getFirst().address().isIpv6() || s.get(NATIVE_IPV6);
        if ((group instanceof Inet6Address) != ipv6) {
            diags.error(s.posOf(MCAST_DST_IP), "mcast_dst_ip must match the instance's address family", Addresses.format(group));
            return Optional.empty();
        }
        if (!s.get(UNICAST_PEER).isEmpty()) {
            diags.warning(s.posOf(MCAST_DST_IP), "mcast_dst_ip with unicast_peer; ignored (adverts go to the peers)", s.header());
            return Optional.empty();
        }
        return Optional.of(group);
    }

    private int downTimerAdverts(Section s, boolean strict) {
        int n = s.isSet(DOWN_TIMER_ADVERTS) ? s.get(DOWN_TIMER_ADVERTS) : global.vrrpOptions().downTimerAdverts();
        if (strict && n != 3) {
            diags.warning(s.isSet(DOWN_TIMER_ADVERTS) ? s.posOf(DOWN_TIMER_ADVERTS) : s.pos(), "down_timer_adverts is incompatible with strict mode; resetting to 3", s.header());
            return 3;
        }
        return n;
    }

    /**
     * no_accept as keepalived reads it: the later of accept / no_accept wins; unset, strict mode means no_accept (but for
     * the address owner), and strict VRRPv2 resets an explicit accept. Refused for IPv6 VIPs, which Vigil's firewall lacks.
     */
    private boolean noAccept(Section s, boolean strict, int version) {
        boolean owner = s.get(PRIORITY) == 255;
        boolean noAccept;
        SourcePos a = s.posOf(ACCEPT), n = s.posOf(NO_ACCEPT);
        if (s.get(NO_ACCEPT) && s.get(ACCEPT)) noAccept = !(a != null && n != null && a.file().equals(n.file())
                && (a.line() > n.line() || a.line() == n.line() && a.column() > n.column()));
        else if (s.get(NO_ACCEPT)) noAccept = true;
        else if (s.get(ACCEPT)) {
            noAccept = strict && !owner && version == 2;
            if (noAccept) diags.warning(s.posOf(ACCEPT), "accept mode for VRRP version 2 does not comply with RFC 3768 (strict mode); resetting", s.header());
        } else noAccept = strict && !owner;
        return noAccept && !owner; // keepalived: the address owner always accepts
    }

    /** Tracking entries with their references checked against the whole file. */
    private Vrrp.Tracking tracking(Section s, String owner) {
        List<Vrrp.TrackRef> scriptRefs = new ArrayList<>();
        for (Vrrp.TrackRef r : s.get(TRACK_SCRIPT)) {
            if (scripts.containsKey(r.name())) {
                scriptRefs.add(r);
            } else if (droppedScripts.contains(r.name())) {
                diags.warning(r.pos(), owner + " tracks a vrrp_script that was removed (no script); ignoring it", r.name());
            } else {
                diags.error(r.pos(), "track_script names no vrrp_script", r.name(), EditDistance.suggest(r.name(), scripts.keySet()));
            }
        }
        List<Vrrp.TrackRef> fileRefs = new ArrayList<>();
        for (Vrrp.TrackRef r : s.get(TRACK_FILE_REFS)) {
            if (trackFiles.containsKey(r.name())) {
                fileRefs.add(r);
            } else {
                diags.error(r.pos(), "track_file names no track_file block", r.name(), EditDistance.suggest(r.name(), trackFiles.keySet()));
            }
        }
        List<Vrrp.TrackRef> processRefs = new ArrayList<>();
        for (Vrrp.TrackRef r : s.get(TRACK_PROCESS_REFS)) {
            if (trackProcesses.containsKey(r.name())) {
                processRefs.add(r);
            } else {
                diags.error(r.pos(), "track_process names no vrrp_track_process", r.name(), EditDistance.suggest(r.name(), trackProcesses.keySet()));
            }
        }
        List<Vrrp.TrackRef> bfdRefs = new ArrayList<>();
        Set<String> seenBfd = new HashSet<>();
        for (Vrrp.TrackRef r : s.get(TRACK_BFD)) {
            BfdInstance b = bfds.get(r.name());
            if (b == null || !b.toVrrp()) {
                diags.error(r.pos(), "track_bfd names no bfd_instance" + (b == null ? "" : " that sends events to VRRP"), r.name(),
                        EditDistance.suggest(r.name(), bfds.keySet()));
            } else if (!seenBfd.add(r.name())) {
                diags.warning(r.pos(), owner + " tracks this bfd_instance twice; keepalived ignores the second", r.name());
            } else {
                bfdRefs.add(r);
            }
        }
        return new Vrrp.Tracking(List.copyOf(s.get(TRACK_INTERFACE)), List.copyOf(scriptRefs), List.copyOf(fileRefs), List.copyOf(processRefs), List.copyOf(bfdRefs));
    }

    private static Vrrp.Notify notify(Section s) {
        return new Vrrp.Notify(Optional.ofNullable(s.get(NOTIFY_MASTER)), Optional.ofNullable(s.get(NOTIFY_BACKUP)),
                Optional.ofNullable(s.get(NOTIFY_FAULT)), Optional.ofNullable(s.get(NOTIFY_STOP)), Optional.ofNullable(s.get(NOTIFY_DELETED)),
                Optional.ofNullable(s.get(NOTIFY)), Optional.ofNullable(s.get(NOTIFY_MASTER_RX_LOWER_PRI)),
                s.isSet(NOTIFY_PRIORITY_CHANGES) ? Optional.of(s.get(NOTIFY_PRIORITY_CHANGES)) : Optional.empty());
    }

    /** Sync groups first (instances need to know their group); members are checked against all instance sections. */
    Map<String, String> syncGroups(List<Section> groups, List<Section> instanceSections) {
        Set<String> known = new HashSet<>();
        for (Section i : instanceSections) {
            known.add(i.header());
        }
        Map<String, String> memberOf = new HashMap<>();
        Set<String> names = new HashSet<>();
        for (Section g : groups) {
            String name = g.header();
            if (!names.add(name)) {
                diags.error(g.pos(), "vrrp_sync_group defined twice", name);
                continue;
            }
            List<String> members = new ArrayList<>();
            for (String m : g.get(GROUP)) {
                if (!known.contains(m)) {
                    diags.error(g.posOf(GROUP), "sync group member names no vrrp_instance", m, EditDistance.suggest(m, known));
                } else if (memberOf.containsKey(m)) {
                    diags.error(g.posOf(GROUP), "vrrp_instance is already in sync group " + memberOf.get(m), m);
                } else {
                    memberOf.put(m, name);
                    members.add(m);
                }
            }
            if (members.isEmpty()) {
                diags.warning(g.pos(), "sync group has no instances; keepalived ignores it", name);
                continue;
            }
            syncGroups.add(new VrrpSyncGroup(name, List.copyOf(members), tracking(g, name), notify(g), g.isSet(SMTP_ALERT) ? g.get(SMTP_ALERT) : global.smtpAlert().vrrpDefault(), g.pos()));
        }
        return memberOf;
    }
}

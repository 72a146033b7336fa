package io.vigil.lab.seed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The data planes the seed's scenario runs on, and how each changes {@code examples/seed-lab.conf} and the lab.
 *
 * <ul>
 * <li>{@link #PROXY}: the seed file as it is (userspace proxy, {@code lb_kind DR} needs nothing of the real servers).
 * <li>{@link #NFTABLES}: {@code vigil_data_plane nftables}, {@code lb_kind NAT} (DR cannot be done by DNAT).
 * <li>{@link #IPVS_DR}: {@code vigil_data_plane ipvs}, {@code lb_kind DR} as in the seed: the real servers hold the VIP on
 *     {@code lo} and neither answer nor announce ARP for it ({@code arp_ignore=1}, {@code arp_announce=2}).
 * <li>{@link #IPVS_NAT}: {@code vigil_data_plane ipvs}, {@code lb_kind NAT}.
 * </ul>
 * The NAT variants put the real servers on an internal subnet (198.18.2.0/24) routed through a gateway VIP held by a
 * second VRRP instance in a sync group with the first, as IPVS-NAT set-ups do. IPVS needs a kernel with ip_vs: those two
 * run inside a user-mode-linux guest ({@link SeedIpvsGuest}).
 */
enum SeedPlane {
    PROXY("proxy", "proxy", false),
    NFTABLES("nftables", "nftables", true),
    IPVS_DR("ipvs-dr", "ipvs", false),
    IPVS_NAT("ipvs-nat", "ipvs", true);

    static final String VIP = "198.18.1.2";
    static final String GATEWAY_VIP = "198.18.2.1";

    /** Name in reports ({@code [seed-lab NAME]}). */
    final String label;
    /** The {@code vigil_data_plane} keyword. */
    final String keyword;
    /** Real servers behind the directors on 198.18.2.0/24, answering through the gateway VIP. */
    final boolean nat;

    SeedPlane(String label, String keyword, boolean nat) {
        this.label = label;
        this.keyword = keyword;
        this.nat = nat;
    }

    boolean ipvs() {
        return keyword.equals("ipvs");
    }

    /** Real server {@code n} (1 or 2). */
    String realServer(int n) {
        return (nat ? "198.18.2." : "198.18.1.") + (102 + n);
    }

    /** The directors' addresses in CIDR form. */
    String[] directorCidrs(int n) {
        String a = "198.18.1." + (100 + n) + "/24";
        return nat ? new String[] {a, "198.18.2." + (100 + n) + "/24"} : new String[] {a};
    }

    /** Kernel settings of a director before its daemon starts. */
    String directorSetup() {
        if (nat) return "sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.all.send_redirects=0 net.ipv4.conf.eth0.send_redirects=0";
        // The proxy listens on the VIP before this director holds it (as HAProxy set-ups do); IPVS-DR needs nothing.
        return this == PROXY ? "sysctl -qw net.ipv4.ip_nonlocal_bind=1" : "true";
    }

    /** Kernel settings of a real server before its HTTP server starts. */
    String realServerSetup() {
        if (nat) return "ip route add default via " + GATEWAY_VIP;
        if (this == IPVS_DR) {
            return "sysctl -qw net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2"
                    + " net.ipv4.conf.eth0.arp_ignore=1 net.ipv4.conf.eth0.arp_announce=2 && ip addr add " + VIP + "/32 dev lo";
        }
        return "true";
    }

    /** The seed file changed for this data plane (see the class comment). */
    String config() throws IOException {
        String seed = Files.readString(Path.of("examples/seed-lab.conf"));
        if (this == PROXY) return seed;
        String c = seed.replace("vigil_data_plane proxy", "vigil_data_plane " + keyword);
        if (!nat) return c;
        c = c.replace("lb_kind DR", "lb_kind NAT")
                .replace("real_server 198.18.1.103", "real_server " + realServer(1))
                .replace("real_server 198.18.1.104", "real_server " + realServer(2));
        String gateway = """
                vrrp_sync_group VG_1 {
                    group {
                        VI_1
                        VI_2
                    }
                }

                ! The real servers' default gateway: follows VI_1 through the sync group (IPVS-NAT set-ups do the same).
                vrrp_instance VI_2 {
                    state BACKUP
                    interface eth0
                @lb1 mcast_src_ip 198.18.1.101
                @lb2 mcast_src_ip 198.18.1.102
                    virtual_router_id 2
                @lb1 priority 100
                @lb2 priority 50
                    nopreempt
                    advert_int 1
                    authentication {
                        auth_type PASS
                        auth_pass 1111
                    }
                    virtual_ipaddress {
                        198.18.2.1/24
                    }
                }

                """;
        int at = c.indexOf("virtual_server ");
        return c.substring(0, at) + gateway + c.substring(at);
    }
}

package io.vigil.lab.seed;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The seed scenario's readers of kernel listings, on listings captured from this kernel and the UML guest. */
class SeedParsingTest {

    static final List<String> FIB_TRIE = """
            Main:
              +-- 0.0.0.0/0 3 0 5
                 +-- 198.18.1.0/24 2 0 2
                    +-- 198.18.1.0/30 2 0 2
                       |-- 198.18.1.0
                          /24 link UNICAST
                       |-- 198.18.1.2
                          /32 host LOCAL
                    |-- 198.18.1.101
                       /32 host LOCAL
                    |-- 198.18.1.255
                       /32 link BROADCAST
            Local:
              +-- 0.0.0.0/0 3 0 5
                 +-- 127.0.0.0/8 2 0 2
                    +-- 127.0.0.0/31 1 0 0
                       |-- 127.0.0.0
                          /8 host LOCAL
            """.lines().toList();

    @Test
    void localAddressesAreHostLocalSlash32LeavesOfTheRoutingTrie() {
        assertThat(SeedDirector.localAddress(FIB_TRIE, "198.18.1.2")).isTrue();
        assertThat(SeedDirector.localAddress(FIB_TRIE, "198.18.1.101")).isTrue();
        assertThat(SeedDirector.localAddress(FIB_TRIE, "198.18.1.255")).as("broadcast").isFalse();
        assertThat(SeedDirector.localAddress(FIB_TRIE, "198.18.1.0")).as("network").isFalse();
        assertThat(SeedDirector.localAddress(FIB_TRIE, "127.0.0.0")).as("a /8 local route, not an address").isFalse();
        assertThat(SeedDirector.localAddress(FIB_TRIE, "198.18.1.3")).isFalse();
    }

    static final String IPVSADM = """
            IP Virtual Server version 1.2.1 (size=4096)
            Prot LocalAddress:Port Scheduler Flags
              -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
            TCP  198.18.1.2:80 rr
              -> 198.18.2.104:80              Masq    1      0          0
              -> 198.18.2.103:80              Masq    1      0          0
            TCP  198.18.1.2:443 rr
              -> 198.18.2.105:443             Masq    1      0          0
            """;

    @Test
    void realServersOfTheSeedServiceFromIpvsadm() {
        assertThat(SeedScenario.ipvsRealServers(IPVSADM, "Masq")).containsExactly("198.18.2.103", "198.18.2.104");
        assertThat(SeedScenario.ipvsRealServers(IPVSADM, "Route")).containsExactly("wrong:-> 198.18.2.103:80              Masq    1      0          0",
                "wrong:-> 198.18.2.104:80              Masq    1      0          0");
        assertThat(SeedScenario.ipvsRealServers(IPVSADM.replace("80 rr", "80 wrr"), "Masq")).isEmpty();
        assertThat(SeedScenario.ipvsRealServers("", "Masq")).isEmpty();
    }

    @Test
    void syncDaemonsFromIpvsadm() {
        assertThat(SeedScenario.syncDaemons("master sync daemon (mcast=eth0, syncid=1)\n")).containsExactly("master");
        assertThat(SeedScenario.syncDaemons("backup sync daemon (mcast=eth0, syncid=1, maxlen=1472, group=224.0.0.81, port=8848, ttl=1)\n"
                + "master sync daemon (mcast=eth0, syncid=1)\n")).containsExactly("backup", "master");
        assertThat(SeedScenario.syncDaemons("master sync daemon (mcast=eth1, syncid=1)\nbackup sync daemon (mcast=eth0, syncid=12)\n"))
                .containsExactly("wrong:backup sync daemon (mcast=eth0, syncid=12)", "wrong:master sync daemon (mcast=eth1, syncid=1)");
        assertThat(SeedScenario.syncDaemons("")).isEmpty();
    }
}

package io.vigil.lb.sched;

import io.vigil.lb.RealServer;
import io.vigil.lb.SchedulerKind;
import io.vigil.lb.sched.Scheduler.Candidate;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Hashing schedulers: sh (source hash), dh (destination hash) and mh (Maglev), built like ip_vs_sh.c,
 * ip_vs_dh.c and ip_vs_mh.c. Each keeps a lookup table rebuilt only when the servers or their weights change.
 */
final class HashSchedulers {
    private HashSchedulers() {}

    static final int SH_TABLE_SIZE = 256;   // IP_VS_SH_TAB_BITS 8
    static final int DH_TABLE_SIZE = 256;   // IP_VS_DH_TAB_BITS 8
    static final int MH_TABLE_SIZE = 4093;  // primes[CONFIG_IP_VS_MH_TAB_INDEX (12) - 8]

    /** IPVS folds an address to 32 bits: IPv4 as is, IPv6 as the XOR of its four words. */
    static int fold(InetAddress a) {
        byte[] b = a.getAddress();
        int v = 0;
        for (int i = 0; i < b.length; i += 4)
            v ^= ((b[i] & 0xff) << 24) | ((b[i + 1] & 0xff) << 16) | ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
        return v;
    }

    /** The kernel's hash_32(val, bits): multiply by the golden ratio, keep the top bits. */
    static int hash32(int value, int bits) {
        return (value * 0x61C88647) >>> (32 - bits);
    }

    /** Signature of a server list for table rebuilds: keys and weights in order. */
    private static List<Object> signature(List<? extends Scheduler.Candidate> servers, boolean weights) {
        List<Object> sig = new ArrayList<>(servers.size() * 2);
        for (Scheduler.Candidate c : servers) {
            sig.add(c.key());
            if (weights) sig.add(c.weight());
        }
        return sig;
    }

    /**
     * sh: 256 buckets filled in server order, each server taking {@code weight} consecutive buckets per turn
     * (weight 0 servers still take one, then are skipped at lookup). Key: source address (+ source port with
     * sh-port). With sh-fallback an unavailable bucket moves on to the next offsets instead of failing.
     */
    static final class SourceHash implements Scheduler {
        private final boolean fallback;
        private final boolean hashPort;
        private List<Object> builtFor;
        private int[] table;

        SourceHash(boolean fallback, boolean hashPort) {
            this.fallback = fallback;
            this.hashPort = hashPort;
        }

        @Override
        public synchronized int pick(List<? extends Candidate> servers, Request request) {
            if (servers.isEmpty()) return -1;
            List<Object> sig = signature(servers, true);
            if (!sig.equals(builtFor)) {
                table = new int[SH_TABLE_SIZE];
                int p = 0, count = 0;
                for (int i = 0; i < SH_TABLE_SIZE; i++) {
                    table[i] = p;
                    if (++count >= servers.get(p).weight()) {
                        p = (p + 1) % servers.size();
                        count = 0;
                    }
                }
                builtFor = sig;
            }
            int key = fold(request.source());
            int port = hashPort ? request.sourcePort() : 0;
            int hash = bucket(key, port, 0);
            if (!fallback) {
                int s = table[hash];
                return servers.get(s).available() ? s : -1;
            }
            for (int offset = 0; offset < SH_TABLE_SIZE; offset++) {
                int s = table[bucket(key, port, (offset + hash) % SH_TABLE_SIZE)];
                if (servers.get(s).available()) return s;
            }
            return -1;
        }

        private static int bucket(int addr, int port, int offset) {
            return (offset + hash32(port + addr, 8)) & (SH_TABLE_SIZE - 1);
        }

        @Override
        public SchedulerKind kind() {
            return SchedulerKind.SH;
        }
    }

    /**
     * dh: 256 buckets assigned round-robin over the servers (weights only decide availability); key: the
     * destination address times 2654435761. In a proxy the destination is the virtual address, so every
     * connection of one service goes to one server — exactly what IPVS does for a non-fwmark service.
     */
    static final class DestinationHash implements Scheduler {
        @Override
        public int pick(List<? extends Candidate> servers, Request request) {
            if (servers.isEmpty()) return -1;
            int bucket = (int) (((fold(request.destination()) & 0xffffffffL) * 2654435761L) & (DH_TABLE_SIZE - 1));
            int s = bucket % servers.size();
            return servers.get(s).available() ? s : -1;
        }

        @Override
        public SchedulerKind kind() {
            return SchedulerKind.DH;
        }
    }

    /**
     * mh: Maglev hashing as in ip_vs_mh.c — each server gets a permutation of a 4093-slot table from an offset and
     * a skip derived from its address and port; servers take turns (turns = weight / gcd, servers of weight 0 take
     * none) claiming their next free preferred slot until the table is full. Lookup hashes the source address
     * (+ port with mh-port); mh-fallback walks on to the next slots past an unavailable server.
     * IPVS hashes with hsiphash under fixed keys and fills the table in the order destinations were added; this uses
     * a fixed 64-bit mixer and address order, so the table differs from the kernel's but has the same construction
     * and properties (even spread by weight, minimal disruption) and is the same on every director for one pool.
     */
    static final class Maglev implements Scheduler {
        private final boolean fallback;
        private final boolean hashPort;
        private List<Object> builtFor;
        private int[] table;

        Maglev(boolean fallback, boolean hashPort) {
            this.fallback = fallback;
            this.hashPort = hashPort;
        }

        @Override
        public synchronized int pick(List<? extends Candidate> servers, Request request) {
            if (servers.isEmpty()) return -1;
            List<Object> sig = signature(servers, true);
            if (!sig.equals(builtFor)) {
                table = populate(servers);
                builtFor = sig;
            }
            if (table == null) return -1;
            long h = mix(((long) fold(request.source()) << 16) ^ (hashPort ? request.sourcePort() : 0), 0x9E3779B97F4A7C15L);
            int slot = (int) Long.remainderUnsigned(h, MH_TABLE_SIZE);
            int s = table[slot];
            if (servers.get(s).available()) return s;
            if (!fallback) return -1;
            for (int offset = 1; offset < MH_TABLE_SIZE; offset++) {
                s = table[(slot + offset) % MH_TABLE_SIZE];
                if (servers.get(s).available()) return s;
            }
            return -1;
        }

        static int[] populate(List<? extends Candidate> servers) {
            int n = servers.size();
            int gcd = 0;
            for (Candidate c : servers) if (c.weight() > 0) gcd = CountingSchedulers.WeightedRoundRobin.gcd(gcd, c.weight());
            if (gcd == 0) return null;
            int[] turns = new int[n], next = new int[n], skip = new int[n];
            for (int i = 0; i < n; i++) {
                turns[i] = servers.get(i).weight() / gcd;
                long h = keyHash(servers.get(i).key());
                next[i] = (int) Long.remainderUnsigned(mix(h, 0x243F6A8885A308D3L), MH_TABLE_SIZE);
                skip[i] = (int) Long.remainderUnsigned(mix(h, 0x13198A2E03707344L), MH_TABLE_SIZE - 1) + 1;
            }
            int[] table = new int[MH_TABLE_SIZE];
            java.util.Arrays.fill(table, -1);
            int filled = 0;
            // Turns go in address order, not list order: directors whose configurations list the same pool in
            // another order still build the same table (ip_vs_mh.c follows its list order).
            int[] order = byKey(servers);
            while (true) {
                for (int i : order) {
                    for (int t = 0; t < turns[i]; t++) {
                        int c = next[i];
                        while (table[c] >= 0) c = (c + skip[i]) % MH_TABLE_SIZE;
                        table[c] = i;
                        next[i] = (c + skip[i]) % MH_TABLE_SIZE;
                        if (++filled == MH_TABLE_SIZE) return table;
                    }
                }
            }
        }

        /** Indices of {@code servers} sorted by address (as unsigned bytes, IPv4 first) and port. */
        static int[] byKey(List<? extends Candidate> servers) {
            java.util.Comparator<Integer> c = (a, b) -> {
                RealServer.Key x = servers.get(a).key(), y = servers.get(b).key();
                int d = java.util.Arrays.compareUnsigned(x.address().getAddress(), y.address().getAddress());
                if (x.address().getAddress().length != y.address().getAddress().length)
                    d = Integer.compare(x.address().getAddress().length, y.address().getAddress().length);
                return d != 0 ? d : Integer.compare(x.port(), y.port());
            };
            return java.util.stream.IntStream.range(0, servers.size()).boxed().sorted(c).mapToInt(Integer::intValue).toArray();
        }

        private static long keyHash(RealServer.Key key) {
            long v = 0;
            for (byte b : key.address().getAddress()) v = v * 131 + (b & 0xff);
            return v * 65599 + key.port();
        }

        /** A fixed 64-bit mixer (murmur3 fmix64 of value ^ seed). */
        static long mix(long value, long seed) {
            long z = value ^ seed;
            z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
            z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
            return z ^ (z >>> 33);
        }

        @Override
        public SchedulerKind kind() {
            return SchedulerKind.MH;
        }
    }
}

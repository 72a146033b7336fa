package io.vigil.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.vigil.config.Keyword.block;
import static io.vigil.config.Keyword.value;

/** The whole keyword schema: the top-level blocks and, through them, every block Vigil reads. */
public final class Schema {
    private Schema() {
    }

    static final Keyword<Section> GLOBAL_DEFS = block("global_defs", GlobalSchema.GLOBAL_DEFS, "Settings of the whole daemon.");
    static final Keyword<Section> VRRP_SCRIPT = block("vrrp_script", VrrpSchema.VRRP_SCRIPT, "A tracking script (repeatable).").repeatable();
    static final Keyword<Section> TRACK_FILE = block("track_file", VrrpSchema.TRACK_FILE, "A tracked file (repeatable).")
            .alias("vrrp_track_file").repeatable();
    static final Keyword<Section> TRACK_PROCESS = block("vrrp_track_process", VrrpSchema.TRACK_PROCESS, "A tracked process (repeatable).")
            .repeatable();
    static final Keyword<Section> TRACK_GROUP = block("track_group", VrrpSchema.TRACK_GROUP,
            "A static track group (repeatable): VRRP instances that track the interfaces of static entries.").repeatable();
    static final Keyword<Section> SYNC_GROUP = block("vrrp_sync_group", VrrpSchema.SYNC_GROUP, "A VRRP sync group (repeatable).").repeatable();
    static final Keyword<Section> VRRP_INSTANCE = block("vrrp_instance", VrrpSchema.INSTANCE, "A VRRP instance (repeatable).").repeatable();
    static final Keyword<Section> BFD_INSTANCE = block("bfd_instance", BfdSchema.BFD_INSTANCE, "A BFD session (repeatable).").repeatable();
    static final Keyword<Section> VIRTUAL_SERVER_GROUP = block("virtual_server_group", LvsSchema.VIRTUAL_SERVER_GROUP,
            "A virtual server group (repeatable).").repeatable();
    static final Keyword<Section> VIRTUAL_SERVER = block("virtual_server", LvsSchema.VIRTUAL_SERVER, "A virtual server (repeatable).").repeatable();
    static final Keyword<String> SSL_PASSWORD = value("password", Types.word("PASSWORD"),
            "Password of an encrypted key file (PKCS#8 ENCRYPTED PRIVATE KEY). Never shown by -d, logs or status.").secret();
    static final Keyword<String> SSL_CA = value("ca", Types.word("PATH"),
            "PEM CA file. As keepalived (OpenSSL's verify store without SSL_VERIFY_PEER), it completes the client certificate's"
                    + " chain when the certificate file holds the leaf alone; the server's certificate is not verified.");
    static final Keyword<String> SSL_CERTIFICATE = value("certificate", Types.word("PATH"),
            "PEM client certificate file (the leaf, then its chain), presented when a server asks for one; needs key.");
    static final Keyword<String> SSL_KEY = value("key", Types.word("PATH"),
            "PEM private key of the client certificate (PKCS#8, encrypted PKCS#8 with password, or unencrypted PKCS#1 RSA).");
    static final BlockSchema SSL_BLOCK = new BlockSchema("SSL", "TLS client settings of SSL_GET.", null)
            .add(SSL_PASSWORD, SSL_CA, SSL_CERTIFICATE, SSL_KEY);
    static final Keyword<Section> SSL = block("SSL", SSL_BLOCK, "TLS client settings of SSL_GET checks (all of them).");

    static final BlockSchema ROOT = new BlockSchema("the top level", "The configuration file.", null)
            .add(GLOBAL_DEFS, GlobalSchema.STATIC_IPADDRESS, GlobalSchema.STATIC_ROUTES, GlobalSchema.STATIC_RULES, VRRP_SCRIPT, TRACK_FILE,
                    TRACK_PROCESS, BFD_INSTANCE, SYNC_GROUP, VRRP_INSTANCE, VIRTUAL_SERVER_GROUP, VIRTUAL_SERVER, SSL)
            .add(GlobalSchema.NET_NAMESPACE, GlobalSchema.NET_NAMESPACE_IPVS, GlobalSchema.INSTANCE, GlobalSchema.CHILD_WAIT_TIME)
            .add(Unsupported.refused("not implemented: Vigil uses no ipsets", "namespace_with_ipsets"))
            .add(Unsupported.notApplicable("Vigil always keeps its pid files in a directory of their own, /run/vigil/ "
                    + "(keepalived's use_pid_dir layout, with Vigil's directory)", "use_pid_dir"))
            .add(GlobalSchema.LINKBEAT_USE_POLLING, GlobalSchema.LINKBEAT_INTERFACES)
            .add(GlobalSchema.INTERFACE_UP_DOWN_DELAYS)
            .add(TRACK_GROUP)
            .add(GlobalSchema.GARP_GROUP);

    private static final Map<String, List<String>> HOMES = new LinkedHashMap<>();

    static {
        for (BlockSchema b : allBlocks()) {
            for (Keyword<?> k : b.keywords()) {
                if (k.kind() != Keyword.Kind.RAW && !k.name().startsWith("(")) {
                    HOMES.computeIfAbsent(k.name(), n -> new ArrayList<>()).add(b.name());
                }
            }
        }
    }

    /** Every block schema reachable from the top level, in declaration order. */
    static List<BlockSchema> allBlocks() {
        Set<BlockSchema> seen = new LinkedHashSet<>();
        collect(ROOT, seen);
        return List.copyOf(seen);
    }

    private static void collect(BlockSchema b, Set<BlockSchema> seen) {
        if (!seen.add(b)) {
            return;
        }
        for (Keyword<?> k : b.keywords()) {
            if (k.kind() == Keyword.Kind.BLOCK) {
                collect(k.block(), seen);
            }
        }
    }

    /** Names of the blocks where a keyword is valid (for "belongs in" hints). */
    static List<String> blocksDeclaring(String keyword) {
        return HOMES.getOrDefault(keyword, List.of());
    }
}

package io.vigil.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads keepalived.conf as keepalived reads it and returns a typed model or diagnostics — never an exception
 * for bad input.
 *
 * <pre>{@code
 * LoadResult r = ConfigLoader.load(Path.of("/etc/keepalived/keepalived.conf"), LoadOptions.defaults());
 * r.diagnostics().forEach(d -> System.err.println(d.format()));
 * KeepalivedConfig cfg = r.config().orElseThrow();
 * }</pre>
 */
public final class ConfigLoader {
    private ConfigLoader() {
    }

    public static LoadResult load(Path file, LoadOptions options) {
        return run(options, p -> p.readTop(file));
    }

    /** Reads configuration text; {@code name} is the file name used in diagnostics and for relative includes. */
    public static LoadResult loadText(String name, String text, LoadOptions options) {
        return run(options, Preprocessor.MAX_WORK, p -> p.readText(name, text));
    }

    /** As {@link #loadText} with a smaller bound on expansion steps (tests of the runaway guard). */
    static LoadResult loadText(String name, String text, LoadOptions options, long maxExpansionSteps) {
        return run(options, maxExpansionSteps, p -> p.readText(name, text));
    }

    private static LoadResult run(LoadOptions options, java.util.function.Consumer<Preprocessor> read) {
        return run(options, Preprocessor.MAX_WORK, read);
    }

    private static LoadResult run(LoadOptions options, long maxWork, java.util.function.Consumer<Preprocessor> read) {
        Diagnostics diags = new Diagnostics();
        try {
            // Each top-level statement is typed as soon as it is complete, so its tokens die young instead of the
            // whole statement tree of a big file staying alive (and being copied by the GC) until the end. The
            // typing diagnostics are buffered and appended after the lexical ones: the same list, in the same order.
            Diagnostics typingDiags = Diagnostics.buffer();
            SchemaParser typing = new SchemaParser(typingDiags, options.compat());
            Section root = new Section(Schema.ROOT, null, new SourcePos("", 0, 0), null);
            TreeBuilder tree = new TreeBuilder(diags, s -> typing.topLevel(s, root));
            read.accept(new Preprocessor(options, diags, tree, maxWork));
            tree.finish();
            diags.addAll(typingDiags);
            KeepalivedConfig config = build(root, diags, options.compat());
            return new LoadResult(diags.hasErrors() ? Optional.empty() : Optional.of(config), diags.list(), () -> ConfigDump.dump(root));
        } catch (StackOverflowError | RuntimeException e) {
            // a defect in the reader must still end in a diagnostic, not a crash of the daemon
            diags.error(SourcePos.NONE, "internal error while reading the configuration: " + e, "");
            return new LoadResult(Optional.empty(), diags.list(), () -> "");
        }
    }

    /**
     * vigil_announce: a named VRRP instance must exist, a named bfd_instance must exist and send events to the checkers, and virtual servers on one address must agree on its route
     * (one host route per address and table; it is announced while every one of them has its quorum).
     */
    private static void announcements(List<VirtualServer> servers, List<VrrpInstance> instances, Map<String, BfdInstance> bfds,
                                      Diagnostics diags) {
        Map<String, VirtualServer.Announce> byRoute = new java.util.HashMap<>();
        for (VirtualServer vs : servers) {
            if (vs.announce().isEmpty() || !(vs.address() instanceof VirtualServer.IpPort ip)) continue;
            VirtualServer.Announce a = vs.announce().get();
            a.vrrpInstance().ifPresent(name -> {
                if (instances.stream().noneMatch(i -> i.name().equals(name))) {
                    diags.error(a.pos(), "vigil_announce names no vrrp_instance", name,
                            EditDistance.suggest(name, instances.stream().map(VrrpInstance::name).toList()));
                }
            });
            a.bfdInstance().ifPresent(name -> {
                BfdInstance b = bfds.get(name);
                if (b == null) {
                    diags.error(a.pos(), "vigil_announce names no bfd_instance", name, EditDistance.suggest(name, List.copyOf(bfds.keySet())));
                } else if (!b.toChecker()) {
                    // the announcer runs in the checker process: it gets the events keepalived sends to checkers
                    diags.error(a.pos(), "vigil_announce names bfd_instance " + name + ", which sends its events to VRRP only"
                            + " ('vrrp' without 'checker')", name);
                }
            });
            VirtualServer.Announce other = byRoute.putIfAbsent(Addresses.format(ip.ip()) + " table " + a.table(), a);
            if (other != null && !(other.metric().equals(a.metric()) && other.protocol() == a.protocol()
                    && other.vrrpInstance().equals(a.vrrpInstance()) && other.bfdInstance().equals(a.bfdInstance())
                    && other.delay().equals(a.delay()))) {
                diags.error(a.pos(), "vigil_announce differs from another virtual_server's on the same address and table"
                        + " (one route: metric, proto, vrrp_instance, bfd_instance and delay must be the same)", Addresses.format(ip.ip()));
            }
        }
    }

    static KeepalivedConfig build(Section root, Diagnostics diags, boolean compat) {
        Section g = root.isSet(Schema.GLOBAL_DEFS) ? root.get(Schema.GLOBAL_DEFS)
                : new Section(GlobalSchema.GLOBAL_DEFS, root, root.pos(), null);
        GlobalDefs global = GlobalModelBuilder.build(g, root, diags);
        VrrpModelBuilder vrrp = new VrrpModelBuilder(diags, global);
        vrrp.scripts(root.all(Schema.VRRP_SCRIPT));
        vrrp.trackFiles(root.all(Schema.TRACK_FILE));
        vrrp.trackProcesses(root.all(Schema.TRACK_PROCESS));
        Map<String, BfdInstance> bfds = BfdModelBuilder.build(root.all(Schema.BFD_INSTANCE), diags);
        vrrp.bfds = bfds;
        Map<String, String> memberOf = vrrp.syncGroups(root.all(Schema.SYNC_GROUP), root.all(Schema.VRRP_INSTANCE));
        vrrp.instances(root.all(Schema.VRRP_INSTANCE), memberOf);
        List<VrrpInstance> tracked = StaticTrackGroups.apply(root, vrrp.instances, diags);
        vrrp.instances.clear();
        vrrp.instances.addAll(tracked);
        if (global.lvsSyncDaemon().isEmpty() && vrrp.legacySyncDaemon.isPresent()) {
            global = GlobalModelBuilder.withSyncDaemon(global, vrrp.legacySyncDaemon.get());
        }
        if (global.lvsSyncDaemon().isPresent()) {
            String inst = global.lvsSyncDaemon().get().vrrpInstance();
            if (!inst.isEmpty() && vrrp.instances.stream().noneMatch(i -> i.name().equals(inst))) {
                diags.error(g.posOf(GlobalSchema.LVS_SYNC_DAEMON), "lvs_sync_daemon names no vrrp_instance", inst);
            }
        }
        LvsModelBuilder lvs = new LvsModelBuilder(diags, vrrp.trackFiles.keySet(), global.smtpAlert(), g.get(GlobalSchema.CHECKER_LOG_ALL_FAILURES));
        lvs.bfds = bfds;
        lvs.compat = compat;
        lvs.dataPlane = global.dataPlane();
        lvs.groups(root.all(Schema.VIRTUAL_SERVER_GROUP));
        lvs.servers(root.all(Schema.VIRTUAL_SERVER));
        announcements(lvs.servers, vrrp.instances, bfds, diags);
        Optional<KeepalivedConfig.SslSettings> ssl = SslBlock.read(root, diags);
        return new KeepalivedConfig(global, List.copyOf(root.get(GlobalSchema.STATIC_IPADDRESS)), List.copyOf(root.get(GlobalSchema.STATIC_ROUTES)),
                List.copyOf(root.get(GlobalSchema.STATIC_RULES)), Map.copyOf(vrrp.scripts), Map.copyOf(vrrp.trackFiles), java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(vrrp.trackProcesses)),
                List.copyOf(vrrp.syncGroups), List.copyOf(vrrp.instances), Map.copyOf(lvs.groups), List.copyOf(lvs.servers), ssl,
                java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(bfds)));
    }
}

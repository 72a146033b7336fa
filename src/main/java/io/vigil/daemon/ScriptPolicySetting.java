package io.vigil.daemon;

import io.vigil.config.KeepalivedConfig;
import io.vigil.config.RealServer;
import io.vigil.config.Script;
import io.vigil.config.VirtualServer;
import io.vigil.config.Vrrp;
import io.vigil.config.VrrpScript;
import io.vigil.sys.ScriptPolicy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * keepalived's script_user, enable_script_security and per-script users, as the process-wide {@link ScriptPolicy}:
 * every process (the parent, the VRRP and checker children) applies it each time it reads the configuration.
 */
final class ScriptPolicySetting {
    private ScriptPolicySetting() {}

    static void apply(KeepalivedConfig config) {
        ScriptPolicy.apply(policy(config));
    }

    static ScriptPolicy policy(KeepalivedConfig config) {
        Map<List<String>, String> users = new HashMap<>();
        for (VrrpScript s : config.vrrpScripts().values()) {
            Optional<String> user = s.user().or(() -> userOf(s.script()));
            user.ifPresent(u -> users.put(CommandWords.split(s.script().command()), u));
        }
        config.vrrpInstances().forEach(i -> notify(i.notifyScripts(), users));
        config.syncGroups().forEach(g -> notify(g.notifyScripts(), users));
        for (VirtualServer vs : config.virtualServers()) {
            Stream.of(vs.quorumUp(), vs.quorumDown()).forEach(s -> put(s, users));
            for (RealServer rs : vs.realServers()) Stream.of(rs.notifyUp(), rs.notifyDown()).forEach(s -> put(s, users));
        }
        return new ScriptPolicy(config.globalDefs().enableScriptSecurity(), config.globalDefs().scriptUser(), users);
    }

    /** "USER [GROUP]" of a script given with its user, as notify scripts are. */
    static Optional<String> userOf(Script s) {
        return s.user().map(u -> s.group().map(g -> u + " " + g).orElse(u));
    }

    private static void notify(Vrrp.Notify n, Map<List<String>, String> users) {
        Stream.of(n.master(), n.backup(), n.fault(), n.stop(), n.deleted(), n.any(), n.masterRxLowerPri()).forEach(s -> put(s, users));
    }

    private static void put(Optional<Script> script, Map<List<String>, String> users) {
        script.filter(s -> !s.command().isEmpty()).ifPresent(s -> userOf(s).ifPresent(u -> users.put(CommandWords.split(s.command()), u)));
    }
}

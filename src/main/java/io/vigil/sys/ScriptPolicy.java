package io.vigil.sys;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who a script runs as, and whether an unsafe one may run (keepalived's {@code script_user}, per-script users and
 * {@code enable_script_security}). The user is the script's own (given with it, e.g. {@code user} in a vrrp_script or
 * after a notify script's command), else {@code script_user}, else {@code keepalived_script} when that user exists,
 * else the user Vigil runs as; with {@code enable_script_security} and none of the first three, the script is refused,
 * as keepalived refuses it. One policy per process, set from the configuration at each start and reload
 * ({@link #apply}); {@code usersByCommand} holds the users configured with scripts whose command line reaches the
 * runner without them (the VRRP core passes bare command lines), found by the longest matching prefix, since notify
 * scripts get arguments appended.
 */
public record ScriptPolicy(boolean security, Optional<String> scriptUser, Map<List<String>, String> usersByCommand) {
    public static final String DEFAULT_USER = "keepalived_script";
    /** Before any configuration: scripts run as Vigil's user, unchecked, as before script security existed. */
    public static final ScriptPolicy NONE = new ScriptPolicy(false, Optional.empty(), Map.of());

    private static volatile ScriptPolicy current = NONE;

    public ScriptPolicy {
        usersByCommand = Map.copyOf(usersByCommand);
    }

    public static ScriptPolicy current() {
        return current;
    }

    public static void apply(ScriptPolicy policy) {
        current = policy;
    }

    /** Whom to run as, or why not. */
    public sealed interface RunAs {
        record As(String user, int uid, int gid) implements RunAs {}

        record Refused(String reason) implements RunAs {}
    }

    /** {@code explicitUser}: "USER [GROUP]" given with the call, or null. */
    public RunAs resolve(String explicitUser, List<String> argv, ScriptUsers.Directory users) {
        String spec = explicitUser != null && !explicitUser.isBlank() ? explicitUser : configuredFor(argv);
        if (spec == null) spec = scriptUser.orElse(null);
        if (spec != null) return named(spec, users);
        Optional<ScriptUsers.Ids> dflt = users.user(DEFAULT_USER);
        if (dflt.isPresent()) return new RunAs.As(DEFAULT_USER, dflt.get().uid(), dflt.get().gid());
        if (security) return new RunAs.Refused("enable_script_security is set, no script_user or user is given for it, and the default "
                + "script user " + DEFAULT_USER + " does not exist");
        ScriptUsers.Ids self = users.self();
        return new RunAs.As(null, self.uid(), self.gid());
    }

    private String configuredFor(List<String> argv) {
        if (usersByCommand.isEmpty()) return null;
        for (int n = argv.size(); n > 0; n--) {
            String u = usersByCommand.get(argv.subList(0, n));
            if (u != null) return u;
        }
        return null;
    }

    private static RunAs named(String spec, ScriptUsers.Directory users) {
        String[] w = spec.trim().split("\\s+");
        Optional<ScriptUsers.Ids> ids = users.user(w[0]);
        if (ids.isEmpty()) return new RunAs.Refused("script user " + w[0] + " does not exist");
        int gid = ids.get().gid();
        if (w.length > 1) {
            Optional<Integer> g = users.group(w[1]);
            if (g.isEmpty()) return new RunAs.Refused("script group " + w[1] + " does not exist");
            gid = g.get();
        }
        return new RunAs.As(w[0], ids.get().uid(), gid);
    }
}

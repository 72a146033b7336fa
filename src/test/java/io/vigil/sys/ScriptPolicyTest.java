package io.vigil.sys;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Who a script runs as (keepalived's script_user, keepalived_script, enable_script_security), with a fake user directory. */
class ScriptPolicyTest {
    static ScriptUsers.Directory users(boolean keepalivedScriptExists) {
        return new ScriptUsers.Directory() {
            @Override
            public Optional<ScriptUsers.Ids> user(String name) {
                return switch (name) {
                    case "nobody" -> Optional.of(new ScriptUsers.Ids(65534, 65534));
                    case "root" -> Optional.of(new ScriptUsers.Ids(0, 0));
                    case "keepalived_script" -> keepalivedScriptExists ? Optional.of(new ScriptUsers.Ids(990, 990)) : Optional.empty();
                    default -> Optional.empty();
                };
            }

            @Override
            public Optional<Integer> group(String name) {
                return name.equals("nogroup") ? Optional.of(65534) : name.equals("adm") ? Optional.of(4) : Optional.empty();
            }

            @Override
            public ScriptUsers.Ids self() {
                return new ScriptUsers.Ids(0, 0);
            }
        };
    }

    private static final List<String> CHECK = List.of("/etc/keepalived/check.sh");

    @Test
    void defaultIsKeepalivedScriptWhenItExists_elseTheDaemonsOwnUser() {
        assertThat(ScriptPolicy.NONE.resolve(null, CHECK, users(true))).isEqualTo(new ScriptPolicy.RunAs.As("keepalived_script", 990, 990));
        assertThat(ScriptPolicy.NONE.resolve(null, CHECK, users(false))).isEqualTo(new ScriptPolicy.RunAs.As(null, 0, 0));
    }

    @Test
    void withScriptSecurity_noUserAndNoKeepalivedScriptIsRefused() {
        ScriptPolicy secure = new ScriptPolicy(true, Optional.empty(), Map.of());
        assertThat(secure.resolve(null, CHECK, users(false))).isInstanceOf(ScriptPolicy.RunAs.Refused.class)
                .extracting(r -> ((ScriptPolicy.RunAs.Refused) r).reason()).asString().contains("keepalived_script does not exist");
        assertThat(secure.resolve(null, CHECK, users(true))).isEqualTo(new ScriptPolicy.RunAs.As("keepalived_script", 990, 990));
        assertThat(secure.resolve("root", CHECK, users(false))).isEqualTo(new ScriptPolicy.RunAs.As("root", 0, 0));
    }

    @Test
    void scriptUserThenPerScriptUser_groupDefaultingToTheUsers() {
        ScriptPolicy p = new ScriptPolicy(false, Optional.of("nobody"), Map.of(List.of("/usr/local/bin/notify.sh", "--x"), "root adm"));
        assertThat(p.resolve(null, CHECK, users(true))).isEqualTo(new ScriptPolicy.RunAs.As("nobody", 65534, 65534));
        // a notify script with keepalived's arguments appended still finds its configured user
        assertThat(p.resolve(null, List.of("/usr/local/bin/notify.sh", "--x", "INSTANCE", "VI_1", "MASTER", "100"), users(true)))
                .isEqualTo(new ScriptPolicy.RunAs.As("root", 0, 4));
        assertThat(p.resolve("nobody nogroup", CHECK, users(true))).isEqualTo(new ScriptPolicy.RunAs.As("nobody", 65534, 65534));
    }

    @Test
    void unknownUsersAndGroupsAreRefused() {
        assertThat(ScriptPolicy.NONE.resolve("ghost", CHECK, users(true))).isEqualTo(new ScriptPolicy.RunAs.Refused("script user ghost does not exist"));
        assertThat(ScriptPolicy.NONE.resolve("nobody ghosts", CHECK, users(true)))
                .isEqualTo(new ScriptPolicy.RunAs.Refused("script group ghosts does not exist"));
    }
}

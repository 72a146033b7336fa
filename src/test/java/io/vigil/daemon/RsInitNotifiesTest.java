package io.vigil.daemon;

import io.vigil.check.CheckCoordinator;
import io.vigil.check.InMemoryPoolListener;
import io.vigil.check.PoolAction;
import io.vigil.check.PoolState;
import io.vigil.check.RealServerKey;
import io.vigil.check.VirtualServerSettings;
import io.vigil.config.ConfigLoader;
import io.vigil.config.LoadOptions;
import io.vigil.config.LoadResult;
import io.vigil.sys.ScriptRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** keepalived's rs_init_notifies (check/ipwrapper.c sync_service_vs): notify_up for servers that start alive. */
class RsInitNotifiesTest {
    @TempDir
    Path dir;

    private VirtualServerSettings virtualServer(String global, String vsExtra) {
        LoadResult r = ConfigLoader.loadText("test.conf", """
                global_defs {
                    %s
                }
                virtual_server 198.18.0.1 80 {
                    %s
                    real_server 198.18.0.2 80 {
                        notify_up "/usr/bin/touch %s/up-2"
                        TCP_CHECK {
                        }
                    }
                    real_server 198.18.0.3 80 {
                        notify_up "/usr/bin/touch %s/up-3"
                    }
                }
                """.formatted(global, vsExtra, dir, dir), LoadOptions.defaults());
        assertThat(r.errors()).isEmpty();
        return CheckerConfigMapper.virtualServers(r.config().orElseThrow()).getFirst();
    }

    private static List<String> scripts(List<PoolAction> actions) {
        return actions.stream().filter(a -> a instanceof PoolAction.RunScript).map(a -> String.join(" ", ((PoolAction.RunScript) a).argv())).toList();
    }

    @Test
    void serversStartingAliveRunNotifyUpAndWriteTheirFifoLine() {
        List<PoolAction> start = new PoolState(virtualServer("rs_init_notifies", "")).start();
        assertThat(scripts(start)).containsExactly("/usr/bin/touch " + dir + "/up-2", "/usr/bin/touch " + dir + "/up-3");
        assertThat(start).contains(new PoolAction.FifoLine("RS [198.18.0.2]:tcp:80 [198.18.0.1]:tcp:80 UP"));
    }

    @Test
    void notWithoutTheKeyword_norForAlphaServers_norForServersAReloadKept() {
        assertThat(scripts(new PoolState(virtualServer("router_id x", "")).start())).isEmpty();
        // alpha: the checked server starts failed; the unchecked one is alive
        assertThat(scripts(new PoolState(virtualServer("rs_init_notifies", "alpha")).start())).containsExactly("/usr/bin/touch " + dir + "/up-3");
        VirtualServerSettings vs = virtualServer("rs_init_notifies", "");
        RealServerKey kept = vs.realServers().getFirst().key();
        PoolState reloaded = new PoolState(vs, new PoolState.Carried(id -> null, Map.of(), true, Set.of(kept)));
        assertThat(scripts(reloaded.start())).as("only the server the reload adds").containsExactly("/usr/bin/touch " + dir + "/up-3");
    }

    @Test
    void theScriptsReallyRunWhenTheCheckersStart() {
        CheckCoordinator c = new CheckCoordinator(List.of(virtualServer("rs_init_notifies", "")), new InMemoryPoolListener(), new ScriptRunner(), 10_000);
        try {
            c.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(dir.resolve("up-2")) && Files.exists(dir.resolve("up-3")));
        } finally {
            c.close();
        }
    }
}

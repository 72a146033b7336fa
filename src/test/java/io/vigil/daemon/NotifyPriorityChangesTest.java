package io.vigil.daemon;

import io.vigil.config.ConfigLoader;
import io.vigil.config.KeepalivedConfig;
import io.vigil.config.LoadOptions;
import io.vigil.config.LoadResult;
import io.vigil.vrrp.Action;
import io.vigil.vrrp.VrrpEvent;
import io.vigil.vrrp.VrrpInstance;
import io.vigil.vrrp.VrrpInstanceSettings;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * notify_priority_changes (instance, sync group) and vrrp_notify_priority_changes (global), from keepalived.conf through
 * the mapper to the VRRP core: each change of the effective priority writes keepalived's FIFO line.
 */
class NotifyPriorityChangesTest {
    private static final long T0 = 1_000_000_000_000L;

    private static List<VrrpInstanceSettings> settings(String global, String group, String instance) {
        String text = """
                global_defs {
                    notify_fifo /run/vigil-test.fifo
                    %s
                }
                vrrp_script chk {
                    script /bin/false
                    weight -30
                }
                vrrp_sync_group G {
                    group {
                        VI_1
                    }
                    %s
                }
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 51
                    priority 100
                    virtual_ipaddress {
                        198.18.0.100/24
                    }
                    track_script {
                        chk
                    }
                    %s
                }
                """.formatted(global, group, instance);
        LoadResult r = ConfigLoader.loadText("t.conf", text, new LoadOptions("n", false));
        assertThat(r.errors()).isEmpty();
        KeepalivedConfig c = r.config().orElseThrow();
        return VrrpConfigMapper.instances(c, (i, f) -> InetAddress.ofLiteral("198.18.0.11"));
    }

    /** The FIFO lines the instance writes when its script fails (priority 100 -> 70) and recovers. */
    private static List<String> fifoLines(VrrpInstanceSettings s) {
        VrrpInstance i = new VrrpInstance(s);
        List<Action> all = new ArrayList<>(i.on(new VrrpEvent.Startup(), T0));
        all.addAll(i.on(new VrrpEvent.TrackScriptResult("chk", false), T0));
        all.addAll(i.on(new VrrpEvent.TrackScriptResult("chk", true), T0));
        return all.stream().filter(a -> a instanceof Action.WriteNotifyFifo).map(a -> ((Action.WriteNotifyFifo) a).line()).toList();
    }

    @Test
    void instanceGroupAndGlobalSettingsAsKeepalivedResolvesThem() {
        assertThat(settings("", "", "").getFirst().notifications().priorityChanges()).isFalse();
        assertThat(settings("vrrp_notify_priority_changes", "", "").getFirst().notifications().priorityChanges()).isTrue();
        assertThat(settings("", "notify_priority_changes", "").getFirst().notifications().priorityChanges()).isTrue();
        assertThat(settings("vrrp_notify_priority_changes", "notify_priority_changes off", "").getFirst().notifications().priorityChanges())
                .as("the group's setting wins over the global one").isFalse();
        assertThat(settings("", "notify_priority_changes", "notify_priority_changes off").getFirst().notifications().priorityChanges())
                .as("the instance's own wins").isFalse();
    }

    @Test
    void eachPriorityChangeWritesKeepalivedsFifoLine() {
        assertThat(fifoLines(settings("", "", "notify_priority_changes").getFirst()))
                .containsSubsequence("INSTANCE \"VI_1\" BACKUP_PRIORITY 70", "INSTANCE \"VI_1\" BACKUP_PRIORITY 100");
        assertThat(fifoLines(settings("", "", "").getFirst())).noneMatch(l -> l.contains("_PRIORITY"));
    }
}

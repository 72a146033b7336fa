package io.vigil.daemon;

import io.vigil.config.ConfigLoader;
import io.vigil.config.KeepalivedConfig;
import io.vigil.config.LoadOptions;
import io.vigil.config.LoadResult;
import io.vigil.vrrp.Action;
import io.vigil.vrrp.VrrpEvent;
import io.vigil.vrrp.VrrpInstance;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * fifo_write_vrrp_states_on_reload, from keepalived.conf through the mapper to the VRRP core: the line each instance
 * writes for its current state (VrrpServiceTest writes them through the service to a file).
 */
class FifoStatesOnReloadTest {
    private static KeepalivedConfig load(String global) {
        LoadResult r = ConfigLoader.loadText("t.conf", """
                global_defs {
                    vrrp_notify_fifo /run/vigil-test.fifo
                    %s
                }
                vrrp_instance VI_1 {
                    interface eth0
                    virtual_router_id 51
                    priority 90
                    virtual_ipaddress {
                        198.18.0.100/24
                    }
                }
                """.formatted(global), new LoadOptions("n", false));
        assertThat(r.errors()).isEmpty();
        return r.config().orElseThrow();
    }

    @Test
    void theKeywordAsksForTheStatesOnReload_andEachInstanceGivesItsLine() {
        assertThat(load("").globalDefs().notifyFifos().writeStatesOnReload()).isFalse();
        KeepalivedConfig c = load("fifo_write_vrrp_states_on_reload");
        assertThat(c.globalDefs().notifyFifos().writeStatesOnReload()).isTrue();
        VrrpInstance i = new VrrpInstance(VrrpConfigMapper.instances(c, (n, f) -> InetAddress.ofLiteral("198.18.0.11")).getFirst());
        assertThat(i.stateFifoLine()).as("nothing before it has a state").isNull();
        i.on(new VrrpEvent.Startup(), 1_000_000_000_000L);
        assertThat(i.stateFifoLine()).isEqualTo(new Action.WriteNotifyFifo("/run/vigil-test.fifo", "INSTANCE \"VI_1\" BACKUP 90"));
    }
}

package io.vigil.daemon;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Path;

/**
 * The checker subsystem as the checker tests run it on loopback: the userspace proxy as data plane, one TCP virtual
 * server, real servers from {@link LoopbackHttp}; closed with them after each test (register it with
 * {@code @RegisterExtension}).
 */
final class CheckerOnLoopback implements AutoCloseable, AfterEachCallback {
    final LoopbackHttp http = new LoopbackHttp();
    private CheckerSubsystem subsystem;

    /**
     * keepalived.conf with the proxy data plane ({@code global}: more global_defs lines) and one TCP virtual server on
     * 127.0.0.1:{@code vsPort} (rr, NAT, delay_loop 1) holding {@code realServers}.
     */
    static String proxyConf(String global, int vsPort, String realServers) {
        return """
                global_defs {
                    vigil_data_plane proxy
                %s
                }
                virtual_server 127.0.0.1 %d {
                    delay_loop 1
                    lb_algo rr
                    lb_kind NAT
                    protocol TCP
                %s
                }
                """.formatted(global, vsPort, realServers);
    }

    /** Starts the checker subsystem on {@code conf}; closed with this. */
    CheckerSubsystem start(Path conf) {
        subsystem = new CheckerSubsystem();
        subsystem.start(new Subsystem.Context(conf, null, false, (i, s) -> { }));
        return subsystem;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        if (subsystem != null) subsystem.close();
        http.close();
    }
}

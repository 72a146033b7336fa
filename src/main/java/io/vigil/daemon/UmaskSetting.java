package io.vigil.daemon;

import io.vigil.config.KeepalivedConfig;
import io.vigil.sys.Libc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * keepalived's umask: 022 unless -u or the umask keyword says otherwise, -u winning. Every process applies it: the
 * parent at start (-u or the default, before its children exist) and again once it has read the configuration; each
 * child when it has read the configuration, before it creates anything.
 */
final class UmaskSetting {
    /** Set on the children's command line when -u was given: the configuration's umask must not override it. */
    static final String FIXED_PROPERTY = "vigil.umask.fixed";
    private static final Logger LOG = LoggerFactory.getLogger(UmaskSetting.class);

    private UmaskSetting() {}

    /**
     * A child's umask before it reads the configuration: keepalived's default unless -u fixed one (then inherited).
     * The VRRP child is started before the parent sets its own ({@link Daemon#startVrrpEarly}), so it cannot rely on
     * inheriting the parent's.
     */
    static void applyChildDefault() {
        if (!Boolean.getBoolean(FIXED_PROPERTY)) Libc.umask(io.vigil.config.Umask.KEEPALIVED_DEFAULT);
    }

    static void apply(KeepalivedConfig config) {
        if (Boolean.getBoolean(FIXED_PROPERTY)) return;
        config.globalDefs().umask().ifPresent(mask -> {
            int old = Libc.umask(mask);
            if (old != mask) LOG.info("umask {} (global_defs umask)", String.format("0%03o", mask));
        });
    }
}

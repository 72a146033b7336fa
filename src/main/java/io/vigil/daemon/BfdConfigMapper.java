package io.vigil.daemon;

import io.vigil.bfd.BfdSettings;
import io.vigil.config.BfdInstance;
import io.vigil.config.KeepalivedConfig;

import java.util.List;

/** Maps {@code bfd_instance} blocks onto the BFD runtime's settings. */
public final class BfdConfigMapper {
    private BfdConfigMapper() {}

    public static List<BfdSettings> sessions(KeepalivedConfig config) {
        return config.bfdInstances().values().stream().map(BfdConfigMapper::session).toList();
    }

    /** The sessions whose events go to the checkers (BFD_CHECK, vigil_announce's bfd_instance). */
    public static List<BfdSettings> checkerSessions(KeepalivedConfig config) {
        return config.bfdInstances().values().stream().filter(BfdInstance::toChecker).map(BfdConfigMapper::session).toList();
    }

    static BfdSettings session(BfdInstance b) {
        return new BfdSettings(b.name(), b.neighbor(), b.source(), b.minRxMicros(), b.minTxMicros(), b.idleTxMicros(), b.multiplier(),
                b.passive(), b.ttl(), b.maxHops(), b.multihop());
    }
}

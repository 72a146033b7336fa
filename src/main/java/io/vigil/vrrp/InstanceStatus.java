package io.vigil.vrrp;

import java.net.InetAddress;
import java.util.Map;

/**
 * A snapshot of one instance for status pages, dumps (SIGUSR1-style) and metrics. {@code lastAdvertNanos}: when the last
 * valid advert was received (System.nanoTime scale), 0 before any.
 */
public record InstanceStatus(String name, int vrid, String interfaceName, VrrpState state, int basePriority, int effectivePriority,
                             InetAddress masterAddress, int masterPriority, long advertsSent, long advertsReceived,
                             long becameMaster, long priorityZeroSent, long priorityZeroReceived, Map<DropReason, Long> drops,
                             String faultReason, long lastAdvertNanos) {

    static InstanceStatus of(VrrpInstance i) {
        VrrpInstanceSettings s = i.settings();
        String fault = i.ownFaultReason() != null ? i.ownFaultReason() : i.groupFault() ? "sync group fault" : null;
        return new InstanceStatus(i.name(), s.vrid(), s.interfaceName(), i.state(), s.priority(), i.effectivePriority(), i.masterAddress(),
                i.masterPriority(), i.advertsSent(), i.advertsReceived(), i.becameMasterCount(), i.priorityZeroSent(),
                i.priorityZeroReceived(), i.drops().snapshot(), fault, i.lastAdvertNanos());
    }
}

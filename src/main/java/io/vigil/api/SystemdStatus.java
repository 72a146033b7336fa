package io.vigil.api;

import io.vigil.observe.ClusterPicture;
import io.vigil.observe.ObsEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one line {@code systemctl status vigil} shows ({@code STATUS=}): each instance's state, the real servers up,
 * and what is wrong (quorum lost, a child down). Long lists are counted, since systemd shows one line.
 */
public final class SystemdStatus {
    private SystemdStatus() {}

    /** Instances listed by name up to this many; beyond it, counted by state. */
    static final int MAX_NAMED_INSTANCES = 4;

    public static String line(ClusterPicture.Snapshot s) {
        List<String> parts = new ArrayList<>();
        List<ClusterPicture.InstanceView> instances = s.instances();
        if (instances.isEmpty()) parts.add("no VRRP instance");
        else if (instances.size() <= MAX_NAMED_INSTANCES) {
            parts.add(String.join(", ", instances.stream().map(i -> i.name() + " " + i.state()).toList()));
        } else {
            Map<String, Integer> byState = new TreeMap<>();
            for (ClusterPicture.InstanceView i : instances) byState.merge(i.state(), 1, Integer::sum);
            parts.add(instances.size() + " instances: " + String.join(", ",
                    byState.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).toList()));
        }
        List<ObsEvent.VirtualServiceCounters> vss = s.virtualServices();
        if (!vss.isEmpty()) {
            int up = 0, all = 0;
            List<String> lost = new ArrayList<>();
            for (ObsEvent.VirtualServiceCounters v : vss) {
                up += v.realServersUp();
                all += v.realServers();
                if (!v.quorumUp()) lost.add(v.virtualServer());
            }
            parts.add(up + "/" + all + " real servers up" + (vss.size() > 1 ? " in " + vss.size() + " virtual servers" : ""));
            if (!lost.isEmpty()) parts.add("quorum lost on " + (lost.size() <= 2 ? String.join(", ", lost) : lost.size() + " virtual servers"));
        }
        List<String> down = s.children().stream().filter(c -> !c.alive()).map(ClusterPicture.ChildView::child).toList();
        if (!down.isEmpty()) parts.add(String.join(", ", down) + " down");
        return String.join("; ", parts);
    }
}

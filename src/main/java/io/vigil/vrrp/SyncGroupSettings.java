package io.vigil.vrrp;

import java.util.List;

/** A {@code vrrp_sync_group}: member instance names and the group's notify scripts. */
public record SyncGroupSettings(String name, List<String> members, NotifySettings notifications) {
    public SyncGroupSettings {
        members = List.copyOf(members);
        if (members.isEmpty()) throw new IllegalArgumentException("sync group " + name + " has no members");
    }
}

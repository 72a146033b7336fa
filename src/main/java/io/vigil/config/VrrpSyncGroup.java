package io.vigil.config;

import java.util.List;

/** {@code vrrp_sync_group NAME { group { INSTANCE ... } ... }}: instances that change state together. */
public record VrrpSyncGroup(String name, List<String> members, Vrrp.Tracking tracking, Vrrp.Notify notifyScripts,
                            boolean smtpAlert, SourcePos pos) { }

package io.vigil.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A whole configuration as Vigil runs it: every block typed, defaults and inherited settings applied,
 * references (track_script, track_file, sync group members, virtual_server group) resolved.
 */
public record KeepalivedConfig(GlobalDefs globalDefs, List<VirtualIp> staticIpAddresses, List<VirtualRoute> staticRoutes,
                               List<VirtualRule> staticRules, Map<String, VrrpScript> vrrpScripts, Map<String, TrackFile> trackFiles,
                               Map<String, TrackProcess> trackProcesses,
                               List<VrrpSyncGroup> syncGroups, List<VrrpInstance> vrrpInstances,
                               Map<String, VirtualServerGroup> virtualServerGroups, List<VirtualServer> virtualServers,
                               Optional<SslSettings> ssl, Map<String, BfdInstance> bfdInstances) {

    /** The top-level {@code SSL { }} block for SSL_GET. */
    public record SslSettings(Optional<String> password, Optional<String> ca, Optional<String> certificate, Optional<String> key) {
        @Override
        public String toString() { // never the password
            return "SslSettings[password=" + (password.isPresent() ? "(set)" : "(none)") + ", ca=" + ca + ", certificate=" + certificate + ", key=" + key + "]";
        }
    }

    public Optional<VrrpInstance> instance(String name) {
        return vrrpInstances.stream().filter(i -> i.name().equals(name)).findFirst();
    }
}

package io.vigil.config;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/** {@code virtual_server_group NAME { IP[-LAST] [PORT] ... fwmark N ... }}. */
public record VirtualServerGroup(String name, List<Entry> entries, SourcePos pos) {

    public sealed interface Entry permits AddressRange, Fwmark { }

    /** One address ({@code first == last}) or an inclusive range, with an optional port. */
    public record AddressRange(InetAddress first, InetAddress last, Optional<Integer> port) implements Entry { }

    public record Fwmark(long mark, Optional<String> family) implements Entry { }
}

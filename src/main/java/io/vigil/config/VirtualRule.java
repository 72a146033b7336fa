package io.vigil.config;

import java.util.Map;
import java.util.Optional;

/**
 * A line of virtual_rules / static_rules: {@code [not] [from PREFIX|all] [to PREFIX|all] [table N]
 * [preference N] [iif IF] [oif IF] [fwmark V[/M]] [no_track] ...}.
 *
 * @param options further ip-rule options kept as written (tos, goto, uidrange, ...)
 */
public record VirtualRule(boolean not, Optional<IpPrefix> from, Optional<IpPrefix> to, Optional<String> table,
                          Optional<Integer> preference, Optional<String> inputInterface, Optional<String> outputInterface,
                          Optional<String> fwmark, Optional<String> action, boolean noTrack, Map<String, String> options, SourcePos pos) {
    public String format() {
        StringBuilder sb = new StringBuilder();
        if (not) {
            sb.append("not ");
        }
        from.ifPresent(f -> sb.append("from ").append(f).append(' '));
        to.ifPresent(t -> sb.append("to ").append(t).append(' '));
        table.ifPresent(t -> sb.append("table ").append(t).append(' '));
        preference.ifPresent(p -> sb.append("preference ").append(p).append(' '));
        inputInterface.ifPresent(i -> sb.append("iif ").append(i).append(' '));
        outputInterface.ifPresent(o -> sb.append("oif ").append(o).append(' '));
        fwmark.ifPresent(f -> sb.append("fwmark ").append(f).append(' '));
        action.ifPresent(a -> sb.append(a).append(' '));
        options.forEach((k, v) -> sb.append(k).append(v.isEmpty() ? "" : " " + v).append(' '));
        if (noTrack) {
            sb.append("no_track ");
        }
        return sb.toString().strip();
    }
}

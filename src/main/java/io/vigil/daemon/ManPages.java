package io.vigil.daemon;

import io.vigil.config.ConfManPage;
import io.vigil.config.Roff;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * vigil(8), vigil.conf(5) and the bash completion, from the picocli definitions of the command line and from the
 * keyword schema, so none of them can drift. bin/package-deb runs {@code ManPages DIR} and puts the files in the .deb.
 */
public final class ManPages {
    private ManPages() {
    }

    public static String vigil8() {
        CommandLine cl = Main.commandLine();
        CommandSpec spec = cl.getCommandSpec();
        StringBuilder sb = new StringBuilder();
        sb.append(".TH VIGIL 8 \"\" \"").append(Roff.text(Main.VERSION)).append("\" \"System Administration\"\n")
                .append(".SH NAME\nvigil \\- VRRP, health checks and load balancing, keepalived\\-compatible\n")
                .append(".SH SYNOPSIS\n.B vigil\n[\\fIOPTION\\fR]...\n.br\n.B vigil\n")
                .append(String.join("|", cl.getSubcommands().keySet())).append(" [\\fIOPTION\\fR]...\n")
                .append(".br\n.B vigil \\-T\n[\\fIGENHASH OPTION\\fR]...\n")
                .append(".SH DESCRIPTION\n")
                .append(Roff.text("Vigil reads keepalived.conf (see vigil.conf(5)) and runs VRRP (v2/v3), real-server health checks "
                        + "and load balancing through IPVS, nftables or its own userspace proxy. Its options are keepalived's, with "
                        + "keepalived's meaning; options marked Vigil do not exist in keepalived; keepalived options Vigil does not do "
                        + "are refused with the reason rather than ignored."))
                .append("\n.SH OPTIONS\n");
        for (OptionSpec o : spec.options()) {
            if (o.hidden()) continue;
            sb.append(".TP\n").append(optionHeading(o)).append('\n').append(Roff.text(String.join(" ", o.description()))).append('\n');
        }
        sb.append(".SH COMMANDS\n")
                .append(Roff.text("These ask the running daemon over its control socket (beside the pid file) for what keepalived offers "
                        + "only as signals; each exits non-zero when the daemon refuses (a reload of a configuration that fails its "
                        + "checks prints the diagnostics and exits 1)."))
                .append('\n');
        for (Map.Entry<String, CommandLine> e : cl.getSubcommands().entrySet()) {
            CommandSpec sub = e.getValue().getCommandSpec();
            sb.append(".TP\n.B vigil ").append(Roff.text(e.getKey()));
            for (CommandLine.Model.PositionalParamSpec p : sub.positionalParameters()) sb.append(" [").append(Roff.text(p.paramLabel())).append(']');
            sb.append('\n').append(Roff.text(String.join(" ", sub.usageMessage().description()))).append('\n');
            for (OptionSpec o : sub.options()) {
                if (o.hidden() || o.usageHelp() || o.versionHelp()) continue;
                sb.append(".RS\n.TP\n").append(optionHeading(o)).append('\n').append(Roff.text(String.join(" ", o.description()))).append("\n.RE\n");
            }
        }
        sb.append(".SH GENHASH\n")
                .append(Roff.text("vigil -T (or vigil genhash) is keepalived's genhash: it fetches a URL and prints the MD5 digest "
                        + "of the body, for digest lines. Its options (vigil -T -h prints the same list):"))
                .append('\n');
        for (String line : io.vigil.check.GenHash.USAGE.lines().toList()) {
            java.util.regex.Matcher m = GENHASH_OPTION.matcher(line);
            if (m.matches()) {
                sb.append(".TP\n\\fB").append(Roff.text(m.group(2))).append("\\fR, \\fB").append(Roff.text(m.group(1))).append("\\fR\n")
                        .append(Roff.text(m.group(3))).append('\n');
            }
        }
        sb.append(".SH FILES\n.TP\n/etc/vigil/keepalived.conf, /etc/keepalived/keepalived.conf\n")
                .append(Roff.text("The configuration the service reads: Vigil's own when it exists, else keepalived's (the start-up log says which)."))
                .append("\n.TP\n/etc/default/vigil\nThe service's options (VIGIL_OPTIONS).\n")
                .append(".TP\n/run/vigil/vigil.pid\nThe parent's pid file; the control socket sits beside it.\n")
                .append(".SH SEE ALSO\n.BR vigil.conf (5),\n.BR keepalived (8),\n.BR ipvsadm (8)\n");
        return sb.toString();
    }

    /** A line of genhash's usage: long name, short name, description. */
    static final java.util.regex.Pattern GENHASH_OPTION = java.util.regex.Pattern.compile("\\s+(--[a-z-]+)\\s+(-[A-Za-z])\\s+(.+)");

    private static String optionHeading(OptionSpec o) {
        StringBuilder sb = new StringBuilder();
        for (String n : o.names()) sb.append(sb.isEmpty() ? "" : ", ").append("\\fB").append(Roff.text(n)).append("\\fR");
        if (o.arity().max() > 0) sb.append(o.arity().min() == 0 ? " [\\fI" : " \\fI").append(Roff.text(o.paramLabel()))
                .append(o.arity().min() == 0 ? "\\fR]" : "\\fR");
        return sb.toString();
    }

    public static String bashCompletion() {
        return AutoComplete.bash("vigil", Main.commandLine());
    }

    /** Writes vigil.8, vigil.conf.5 and the completion script (named vigil) into the directory given. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/man");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("vigil.8"), vigil8());
        Files.writeString(dir.resolve("vigil.conf.5"), ConfManPage.generate(Main.VERSION));
        Files.writeString(dir.resolve("vigil"), bashCompletion());
    }
}

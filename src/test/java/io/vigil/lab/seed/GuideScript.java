package io.vigil.lab.seed;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator's guide (docs/guide.md, docs/guide.zh.md) as a script: every fenced block is preceded by an annotation
 * that says what the test does with it, so no command in the guide goes untested.
 * <pre>
 * &lt;!-- guide: on HOST... [expect "TEXT"]... [match "REGEX"]... --&gt;   run the block's lines on each host (retried until
 *                                                                   the output holds every TEXT and REGEX)
 * &lt;!-- guide: file HOST... PATH --&gt;                                 write the block to PATH on each host
 * &lt;!-- guide: systemd HOST [expect "TEXT"] --&gt;                        one systemctl line: the test runs what the unit runs
 * &lt;!-- guide: not run: REASON --&gt;                                   only apt/dpkg/man lines, which bin/check-package runs
 * </pre>
 */
record GuideScript(List<Step> steps) {
    enum Kind { ON, FILE, SYSTEMD, NOT_RUN }

    record Step(Kind kind, List<String> hosts, String path, List<String> expect, List<String> match, String body, int line) {
        /** What the two languages must share: everything but the line number. */
        String comparable() {
            return kind + " " + hosts + " " + path + " " + expect + " " + match + "\n" + body;
        }
    }

    static final List<String> HOSTS = List.of("lb1", "lb2", "rs1", "rs2", "client");
    /** The systemctl lines the test knows how to run (see the guide's last table). */
    static final List<String> SYSTEMD_LINES = List.of("systemctl enable --now vigil", "systemctl start vigil", "systemctl stop vigil",
            "systemctl reload vigil", "systemctl status vigil", "systemctl restart rsyslog");
    private static final Pattern ANNOTATION = Pattern.compile("<!-- guide: (.*) -->");
    private static final Pattern QUOTED = Pattern.compile("(expect|match) \"((?:[^\"\\\\]|\\\\.)*)\"");

    static GuideScript parse(String markdown) {
        List<String> lines = markdown.lines().toList();
        List<Step> steps = new ArrayList<>();
        String pending = null;
        int pendingLine = 0;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            Matcher a = ANNOTATION.matcher(l.trim());
            if (a.matches()) {
                if (pending != null) throw new IllegalArgumentException("line " + pendingLine + ": annotation without a block");
                pending = a.group(1).trim();
                pendingLine = i + 1;
                continue;
            }
            if (!l.startsWith("```")) continue;
            int open = i + 1;
            StringBuilder body = new StringBuilder();
            for (i++; i < lines.size() && !lines.get(i).startsWith("```"); i++) body.append(lines.get(i)).append('\n');
            if (i >= lines.size()) throw new IllegalArgumentException("line " + open + ": block never closed");
            if (pending == null) throw new IllegalArgumentException("line " + open + ": a block with no <!-- guide: ... --> annotation");
            steps.add(step(pending, body.toString(), open));
            pending = null;
        }
        if (pending != null) throw new IllegalArgumentException("line " + pendingLine + ": annotation without a block");
        return new GuideScript(List.copyOf(steps));
    }

    private static Step step(String annotation, String body, int line) {
        String where = "line " + line + ": ";
        if (annotation.startsWith("not run: ")) {
            for (String l : body.lines().toList()) {
                if (!l.matches("(apt|dpkg|man) .*")) throw new IllegalArgumentException(where + "only apt, dpkg and man lines may go unrun: " + l);
            }
            return new Step(Kind.NOT_RUN, List.of(), null, List.of(), List.of(), body, line);
        }
        List<String> expect = new ArrayList<>(), match = new ArrayList<>();
        Matcher q = QUOTED.matcher(annotation);
        while (q.find()) (q.group(1).equals("expect") ? expect : match).add(q.group(2).replace("\\\"", "\""));
        String head = QUOTED.matcher(annotation).replaceAll("").trim();
        List<String> words = Arrays.asList(head.split("\\s+"));
        Kind kind = switch (words.getFirst()) {
            case "on" -> Kind.ON;
            case "file" -> Kind.FILE;
            case "systemd" -> Kind.SYSTEMD;
            default -> throw new IllegalArgumentException(where + "unknown annotation: " + annotation);
        };
        List<String> hosts = new ArrayList<>(words.subList(1, words.size()));
        String path = null;
        if (kind == Kind.FILE) {
            if (hosts.isEmpty() || !hosts.getLast().startsWith("/")) throw new IllegalArgumentException(where + "file needs hosts and a path");
            path = hosts.removeLast();
            if (!expect.isEmpty() || !match.isEmpty()) throw new IllegalArgumentException(where + "a file has no output to expect");
        }
        if (hosts.isEmpty() || !HOSTS.containsAll(hosts)) throw new IllegalArgumentException(where + "hosts must be some of " + HOSTS + ": " + hosts);
        if (kind == Kind.SYSTEMD && (hosts.size() != 1 || !SYSTEMD_LINES.contains(body.strip())))
            throw new IllegalArgumentException(where + "systemd takes one host and one of " + SYSTEMD_LINES + ": " + body.strip());
        return new Step(kind, List.copyOf(hosts), path, List.copyOf(expect), List.copyOf(match), body, line);
    }
}

package io.vigil.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * keepalived's lexical layer: turns configuration files into lines of {@link Token}s.
 *
 * <p>Handles, as keepalived's {@code lib/parser.c} does: {@code !}/{@code #} comments anywhere (outside
 * double quotes; {@code \#} and {@code \!} escape them), {@code include} (and includer/m/w/b/a) with globs
 * relative to the including file, {@code $NAME=value} definitions (multi-line with a trailing {@code \}),
 * {@code $NAME} / {@code ${NAME}} use (recursive, undefined names stay as written), the pre-defined
 * {@code _PWD _INSTANCE _RANDOM _HASH _BANG}, {@code @id} / {@code @^id} conditional lines, and
 * {@code ~SEQ(var, start, step, end)} / {@code ~SEQx} / {@code ~LST(var, v1, v2, ...)} expansions.
 * Braces outside quotes are tokens of their own, so {@code a { b }} on one line is a one-line block.
 *
 * <p>Never throws on bad input: every problem becomes a {@link Diagnostic}; runaway expansions are cut off.
 */
final class Preprocessor {
    private static final int MAX_DEPTH = 64;
    private static final int MAX_INCLUDE_DEPTH = 32;
    private static final int MAX_LINE_CHARS = 1 << 20;
    static final long MAX_EXPANDED_LINES = 5_000_000;

    private final LoadOptions options;
    private final Diagnostics diags;
    private final Consumer<List<Token>> sink;
    private final Map<String, Definition> defs = new HashMap<>();
    private final Deque<Path> includeStack = new ArrayDeque<>();
    /**
     * ${_RANDOM}'s generator: a fixed seed by default (keepalived seeds with the time; every Vigil process reads the file
     * itself and must expand it alike), reseeded by a {@code random_seed N} line for what follows it.
     */
    private Random random = new Random(0x5EEDL);
    /** keepalived's include_check in force ({@link IncludeCheck}): set by its line, restored when an included file ends. */
    private int includeCheck;
    private final TokenTexts texts = new TokenTexts();
    private long emittedLines;
    private boolean expansionLimitReported;
    /** Set after a runaway expansion (recursive definition, limits): nothing more is read. */
    private boolean aborted;
    /** Lines processed including expansions; bounds nested ~SEQ/~LST that define without emitting. */
    private long work;
    /** Default bound on expansion steps: four per allowed output line. */
    static final long MAX_WORK = 4 * MAX_EXPANDED_LINES;
    private final long maxWork;

    /** A {@code $NAME=value} definition; a multi-line value holds '\n' between its lines. */
    private static final class Definition {
        String value;
        boolean multiline;

        Definition(String value, boolean multiline) {
            this.value = value;
            this.multiline = multiline;
        }
    }

    /** Where the text being processed came from: file, line and the column its first char had. */
    private record Ctx(Path file, String fileName, int line, int baseCol) {
        SourcePos at(int index) {
            return new SourcePos(fileName, line, baseCol + index + 1);
        }


        Ctx shift(int chars) {
            return new Ctx(file, fileName, line, baseCol + chars);
        }
    }

    Preprocessor(LoadOptions options, Diagnostics diags, Consumer<List<Token>> sink) {
        this(options, diags, sink, MAX_WORK);
    }

    Preprocessor(LoadOptions options, Diagnostics diags, Consumer<List<Token>> sink, long maxWork) {
        this.maxWork = maxWork;
        this.options = options;
        this.diags = diags;
        this.sink = sink;
    }

    /** Reads the top-level file (a missing one is an error, as for {@code keepalived -f}). */
    void readTop(Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            diags.error(new SourcePos(file.toString(), 0, 0), "cannot read configuration file", file.toString());
            return;
        }
        readFile(file, null);
    }

    /** Reads text as if it were the content of {@code name} (used by tests and the fuzzer). */
    void readText(String name, String text) {
        readLines(Path.of(name).toAbsolutePath(), name, text);
    }

    private void readFile(Path file, SourcePos includedFrom) {
        Path real;
        try {
            real = file.toRealPath();
        } catch (IOException | RuntimeException e) {
            real = file.toAbsolutePath().normalize();
        }
        if (includeStack.contains(real)) {
            diags.error(includedFrom == null ? SourcePos.NONE : includedFrom, "include cycle", file.toString());
            return;
        }
        if (includeStack.size() >= MAX_INCLUDE_DEPTH) {
            diags.error(includedFrom == null ? SourcePos.NONE : includedFrom, "includes nested too deeply", file.toString());
            return;
        }
        String text;
        try {
            text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            diags.error(includedFrom == null ? new SourcePos(file.toString(), 0, 0) : includedFrom,
                    "cannot read configuration file (" + e.getClass().getSimpleName() + ")", file.toString());
            return;
        }
        includeStack.push(real);
        int savedIncludeCheck = includeCheck; // an included file's include_check ends with it, as keepalived
        try {
            readLines(file.toAbsolutePath(), file.toString(), text);
        } finally {
            includeStack.pop();
            includeCheck = savedIncludeCheck;
        }
    }

    private void readLines(Path file, String fileName, String text) {
        Definition multiline = null;
        int lineNo = 0;
        int start = 0;
        int n = text.length();
        while (start <= n && !aborted) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = n;
            }
            int from = start;
            start = end + 1;
            lineNo++;
            if (end == n && from == end) {
                break;
            }
            int len = end;
            while (len > from && (text.charAt(len - 1) == '\r' || text.charAt(len - 1) == '\n')) {
                len--;
            }
            if (multiline == null && len - from <= MAX_LINE_CHARS && plainLine(text, from, len, fileName, lineNo)) {
                continue;
            }
            String raw = text.substring(from, len);
            if (raw.length() > MAX_LINE_CHARS) {
                diags.error(new SourcePos(fileName, lineNo, 1), "line too long", raw.substring(0, 40));
                continue;
            }
            Ctx ctx = new Ctx(file, fileName, lineNo, 0);
            if (multiline != null) {
                if (raw.isEmpty()) {
                    multiline = null;
                    continue;
                }
                String body = LineLexer.decomment(raw, ctx.at(0), diags).text();
                boolean more = body.endsWith("\\");
                if (more) {
                    body = stripTrailingBlanks(body.substring(0, body.length() - 1)) + "\n";
                }
                if (body.length() >= 2 || (!body.isEmpty() && !more)) {
                    multiline.value += body;
                }
                if (!more) {
                    multiline = null;
                }
                continue;
            }
            LineLexer.Decommented dc = LineLexer.decomment(raw, ctx.at(0), diags);
            if (dc.text().isEmpty()) {
                continue;
            }
            multiline = process(dc.text(), ctx.shift(dc.offset()), 0);
        }
    }

    /**
     * The fast path for the common line: no comment, quote, backslash, definition, condition, expansion or include.
     * Tokenizes {@code text[from, to)} in place (no copy of the line, no position objects) with exactly the result
     * {@link LineLexer#decomment} + {@link #process} give it. Returns false, having done nothing, for any other line.
     */
    private boolean plainLine(String text, int from, int to, String fileName, int lineNo) {
        int off = from;
        while (off < to && (text.charAt(off) == ' ' || text.charAt(off) == '\t')) {
            off++;
        }
        for (int i = off; i < to; i++) {
            char c = text.charAt(i);
            if (c == '!' || c == '#' || c == '"' || c == '\\' || c == '$') {
                return false;
            }
        }
        int last = to;
        while (last > off && (text.charAt(last - 1) == ' ' || text.charAt(last - 1) == '\t')) {
            last--;
        }
        if (last == off) {
            return true; // blank: skipped as the slow path skips it
        }
        char first = text.charAt(off);
        if (first == '@' || first == '~' || text.startsWith("include", off)
                || aborted || work + 1 > maxWork || emittedLines + 1 > MAX_EXPANDED_LINES) {
            return false;
        }
        work++;
        emittedLines++;
        List<Token> tokens = LineLexer.tokenize(text, off, last, texts, fileName, lineNo, off - from, diags, true, true);
        if (!tokens.isEmpty()) {
            accept(tokens);
        }
        return true;
    }

    /**
     * Processes one logical line. Returns the definition when the line starts a multi-line
     * {@code $NAME=... \} definition (the caller feeds it the following lines), else null.
     */
    private Definition process(String text, Ctx ctx, int depth) {
        if (aborted) {
            return null;
        }
        if (++work > maxWork) {
            diags.error(ctx.at(0), "configuration needs more than " + maxWork + " expansion steps; reading stopped", abbreviate(text));
            aborted = true;
            return null;
        }
        if (depth > MAX_DEPTH) {
            diags.error(ctx.at(0), "definitions or expansions nest too deeply (recursive definition?); reading stopped", abbreviate(text));
            aborted = true;
            return null;
        }
        int lead = 0;
        while (lead < text.length() && (text.charAt(lead) == ' ' || text.charAt(lead) == '\t')) {
            lead++;
        }
        if (lead > 0) {
            text = text.substring(lead);
            ctx = ctx.shift(lead);
        }
        text = stripTrailingBlanks(text);
        if (text.isEmpty()) {
            return null;
        }
        if (text.charAt(0) == '@') {
            boolean negated = text.length() > 1 && text.charAt(1) == '^';
            int idStart = negated ? 2 : 1;
            int sp = indexOfBlank(text, idStart);
            if (sp < 0) {
                return null; // nothing after the id: keepalived drops the line
            }
            boolean matches = text.substring(idStart, sp).equals(options.configId());
            if (matches == negated) {
                return null;
            }
            int rest = sp;
            while (rest < text.length() && (text.charAt(rest) == ' ' || text.charAt(rest) == '\t')) {
                rest++;
            }
            return process(text.substring(rest), ctx.shift(rest), depth + 1);
        }
        if (text.charAt(0) == '$') {
            Definition def = define(text);
            if (def != null) {
                return def.multiline ? def : null;
            }
        }
        if (text.startsWith("~SEQ") || text.startsWith("~LST")) {
            Ctx here = ctx;
            Expansions.expand(text, ctx.at(0), diags, this::substitute, (var, value, rest) -> {
                defs.put(var, new Definition(value, false));
                process(rest, here, depth + 1);
                return !aborted;
            });
            return null;
        }
        if (text.charAt(0) != '~' && text.indexOf('$') >= 0) {
            String replaced = substitute(text, ctx);
            if (replaced == null) {
                return null;
            }
            if (!replaced.equals(text)) {
                Definition open = null;
                for (String piece : replaced.split("\n", -1)) {
                    if (open != null) {
                        open.value += piece; // a definition opened inside an expansion takes the following pieces
                        continue;
                    }
                    open = process(piece, ctx, depth + 1);
                }
                return open;
            }
        }
        if (checkInclude(text, ctx)) {
            return null;
        }
        emit(text, ctx);
        return null;
    }

    /** {@code $NAME=value}; no blank before '='. Returns null when the line is not a definition. */
    private Definition define(String text) {
        if (text.length() < 2 || !(Character.isLetter(text.charAt(1)) && text.charAt(1) < 128 || text.charAt(1) == '_')) {
            return null;
        }
        int p = 2;
        while (p < text.length() && text.charAt(p) != '=') {
            if (!isNameChar(text.charAt(p))) {
                return null;
            }
            p++;
        }
        if (p >= text.length()) {
            return null;
        }
        String name = text.substring(1, p);
        int v = p + 1;
        while (v < text.length() && (text.charAt(v) == ' ' || text.charAt(v) == '\t')) {
            v++;
        }
        String value = text.substring(v);
        boolean multiline = value.endsWith("\\");
        if (multiline) {
            value = stripTrailingBlanks(value.substring(0, value.length() - 1));
            value = value.isEmpty() ? "" : value + "\n";
        }
        Definition def = new Definition(value, multiline);
        defs.put(name, def);
        return def;
    }

    /** Replaces {@code $NAME} and {@code ${NAME}} uses once (the caller re-processes the result). */
    String substitute(String text, Ctx ctx) {
        StringBuilder out = new StringBuilder(text.length() + 32);
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '$' && i + 1 < text.length()) {
                int[] end = new int[1];
                String value = lookup(text, i + 1, end, ctx);
                if (value != null) {
                    out.append(value);
                    i = end[0];
                    if (out.length() > MAX_LINE_CHARS) {
                        diags.error(ctx.at(0), "expansion of definitions is too long", abbreviate(text));
                        return null;
                    }
                    if (!value.isEmpty() && value.strip().startsWith("~")) {
                        out.append(text, i, text.length()); // keepalived stops replacing at an expansion
                        break;
                    }
                    continue;
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    private String substitute(String text) {
        String r = substitute(text, new Ctx(Path.of("."), "", 0, 0));
        return r == null ? text : r;
    }

    private String lookup(String text, int at, int[] end, Ctx ctx) {
        boolean braces = text.charAt(at) == '{';
        int p = braces ? at + 1 : at;
        if (p >= text.length()) {
            return null;
        }
        char first = text.charAt(p);
        if (!(first == '_' || (first < 128 && Character.isLetter(first)))) {
            return null;
        }
        int nameEnd = p + 1;
        while (nameEnd < text.length() && isNameChar(text.charAt(nameEnd))) {
            nameEnd++;
        }
        String name = text.substring(p, nameEnd);
        String params = "";
        int after = nameEnd;
        if (braces) {
            int close = text.indexOf('}', nameEnd);
            if (close < 0) {
                return null;
            }
            params = text.substring(nameEnd, close);
            if (!params.isEmpty() && !(name.equals("_RANDOM") && params.matches(" [0-9 ]*[0-9]"))) {
                return null;
            }
            after = close + 1;
        } else if (nameEnd < text.length() && " \t,)".indexOf(text.charAt(nameEnd)) < 0) {
            return null;
        }
        boolean atEnd = after >= text.length();
        Definition def = defs.get(name);
        String value;
        if (def != null) {
            if (def.multiline && !atEnd) {
                return null;
            }
            value = def.value;
            if (def.multiline && value.endsWith("\n")) {
                value = value.substring(0, value.length() - 1);
            }
        } else {
            value = predefined(name, params.strip(), ctx);
            if (value == null) {
                return null;
            }
        }
        end[0] = after;
        return value;
    }

    private String predefined(String name, String params, Ctx ctx) {
        return switch (name) {
            case "_PWD" -> {
                Path dir = ctx.file().toAbsolutePath().getParent();
                yield dir == null ? "/" : dir.toString();
            }
            case "_INSTANCE" -> options.configId();
            case "_HASH" -> "#";
            case "_BANG" -> "!";
            case "_RANDOM" -> {
                long min = 0;
                long max = 32767;
                String[] p = params.isEmpty() ? new String[0] : params.split(" +");
                try {
                    if (p.length >= 1) {
                        min = Long.parseLong(p[0]);
                    }
                    if (p.length >= 2) {
                        max = Long.parseLong(p[1]);
                    }
                } catch (NumberFormatException e) {
                    yield null;
                }
                if (max < min || max - min > Integer.MAX_VALUE) {
                    yield null;
                }
                yield Long.toString(min + random.nextInt((int) (max - min + 1)));
            }
            default -> null;
        };
    }

    private static final List<String> INCLUDES = List.of("include", "includer", "includem", "includew", "includeb", "includea");

    private boolean checkInclude(String text, Ctx ctx) {
        if (!text.startsWith("include")) {
            return false;
        }
        List<Token> words = LineLexer.tokenize(text, ctx.fileName(), ctx.line(), ctx.baseCol(), diags, false, false);
        if (words.size() != 2 || !INCLUDES.contains(words.get(0).text())) {
            return false;
        }
        Token pattern = words.get(1);
        int checks = includeCheck | IncludeCheck.ofInclude(words.get(0).text());
        Path base = ctx.file().toAbsolutePath().getParent();
        Globs.Expansion found = Globs.expandChecked(base == null ? Path.of("/") : base, pattern.text());
        if (found.matches().isEmpty()) {
            if (found.missing() > 0) {
                includeProblem(checks, found.braces() ? IncludeCheck.BRACE : IncludeCheck.MATCH, pattern, "include pattern matches no file");
            } else {
                includeProblem(checks, IncludeCheck.WILDCARD, pattern, "include pattern matches no file");
            }
            return true;
        }
        if (found.missing() > 0 && includeProblem(checks, IncludeCheck.BRACE, pattern, "include: some configuration files missing")) {
            return true; // brace_match: none of them is read
        }
        for (Path p : found.matches()) {
            if (Files.isDirectory(p)) {
                includeProblem(checks, IncludeCheck.READ, pattern, "included " + p + " is a directory; skipped");
            } else if (!Files.isRegularFile(p) || isExecutable(p)) {
                includeProblem(checks, IncludeCheck.READ, pattern, "included " + p + " is not a regular non-executable file; skipped");
            } else if (!Files.isReadable(p)) {
                includeProblem(checks, IncludeCheck.READ, pattern, "included " + p + " cannot be read; skipped");
            } else {
                readFile(p, pattern.pos());
            }
        }
        return true;
    }

    /** An error when include_check or the include variant asks for this check, else a warning; true when an error. */
    private boolean includeProblem(int checks, int check, Token pattern, String message) {
        if ((checks & check) != 0) {
            diags.error(pattern.pos(), message, pattern.text());
            return true;
        }
        diags.warning(pattern.pos(), message, pattern.text());
        return false;
    }

    private static boolean isExecutable(Path p) {
        try {
            return !java.util.Collections.disjoint(Files.getPosixFilePermissions(p), java.util.EnumSet.of(
                    java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE, java.nio.file.attribute.PosixFilePermission.GROUP_EXECUTE,
                    java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE));
        } catch (java.io.IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private void accept(List<Token> tokens) {
        if (tokens.getFirst().kind() == Token.Kind.WORD && tokens.getFirst().text().equals("include_check")) {
            includeCheck = IncludeCheck.apply(includeCheck, tokens.subList(1, tokens.size()).stream()
                    .filter(t -> t.kind() == Token.Kind.WORD).map(Token::text).toList());
        }
        for (int i = 0; i + 1 < tokens.size(); i++) {
            if (tokens.get(i).kind() == Token.Kind.WORD && tokens.get(i).text().equals("random_seed") && tokens.get(i + 1).text().matches("[0-9]{1,10}")) {
                long seed = Long.parseLong(tokens.get(i + 1).text());
                if (seed <= 0xFFFFFFFFL) random = new Random(seed); // keepalived: an unsigned int; out of range is the keyword's error
            }
        }
        sink.accept(tokens);
    }

    private void emit(String text, Ctx ctx) {
        if (++emittedLines > MAX_EXPANDED_LINES) {
            if (!expansionLimitReported) {
                expansionLimitReported = true;
                aborted = true;
                diags.error(ctx.at(0), "configuration expands to more than " + MAX_EXPANDED_LINES + " lines; reading stopped", abbreviate(text));
            }
            return;
        }
        List<Token> tokens = LineLexer.tokenize(text, 0, text.length(), texts, ctx.fileName(), ctx.line(), ctx.baseCol(), diags, true, true);
        if (!tokens.isEmpty()) {
            accept(tokens);
        }
    }

    private static boolean isNameChar(char c) {
        return c == '_' || (c < 128 && Character.isLetterOrDigit(c));
    }

    private static int indexOfBlank(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            if (s.charAt(i) == ' ' || s.charAt(i) == '\t') {
                return i;
            }
        }
        return -1;
    }

    static String stripTrailingBlanks(String s) {
        int len = s.length();
        while (len > 0 && (s.charAt(len - 1) == ' ' || s.charAt(len - 1) == '\t')) {
            len--;
        }
        return s.substring(0, len);
    }

    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}

package io.vigil.config;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * Builds the statement tree from token lines: a line is a statement; '{' opens the block of the
 * statement before it (on the same line, or alone on the next line as keepalived allows); '}' closes it.
 * Unbalanced braces are reported at the brace that does not match.
 */
final class TreeBuilder implements Consumer<List<Token>> {
    private final Diagnostics diags;
    private final List<Stmt> root = new ArrayList<>();
    private final Deque<Frame> open = new ArrayDeque<>();
    /** The last statement completed at the current level without a block (a '{' on the next line may open it). */
    private PendingLeaf pending;
    private final List<Token> words = new ArrayList<>();

    private record Frame(List<Stmt> parentList, int index, Token keyword, List<Token> args, List<Stmt> children, Token brace) { }

    private record PendingLeaf(List<Stmt> list, int index) { }

    /** When set, complete top-level statements go here as soon as they are complete (not kept in {@link #root}). */
    private final Consumer<Stmt> topLevel;

    TreeBuilder(Diagnostics diags) {
        this(diags, null);
    }

    /**
     * A builder that hands each complete top-level statement to {@code topLevel}, in order, as soon as no later
     * line can change it, so the statements of a big configuration need not all be alive at once.
     */
    TreeBuilder(Diagnostics diags, Consumer<Stmt> topLevel) {
        this.diags = diags;
        this.topLevel = topLevel;
    }

    /** Hands over the top-level statements; only when no block is open and no pending leaf can still get one. */
    private void drain() {
        if (topLevel == null || !open.isEmpty() || pending != null) {
            return;
        }
        for (Stmt s : root) {
            topLevel.accept(s);
        }
        root.clear();
    }

    private List<Stmt> current() {
        return open.isEmpty() ? root : open.peek().children();
    }

    @Override
    public void accept(List<Token> line) {
        List<Token> words = this.words; // reused: emptied by flush and openBlock
        for (Token t : line) {
            if (t.isOpen()) {
                if (!words.isEmpty()) {
                    openBlock(words.getFirst(), List.copyOf(words.subList(1, words.size())), t);
                    words.clear();
                } else if (pending != null && pending.list() == current()) {
                    Stmt leaf = pending.list().get(pending.index());
                    pending.list().remove(pending.index());
                    openBlock(leaf.keyword(), leaf.args(), t);
                } else {
                    diags.error(t.pos(), "unexpected '{'", "{", "a block must follow a keyword");
                }
                pending = null;
            } else if (t.isClose()) {
                flush(words);
                pending = null;
                closeBlock(t);
            } else {
                words.add(t);
            }
        }
        flush(words);
    }

    private void flush(List<Token> words) {
        if (words.isEmpty()) {
            return;
        }
        List<Stmt> list = current();
        list.add(new Stmt(words.getFirst(), List.copyOf(words.subList(1, words.size())), null));
        pending = new PendingLeaf(list, list.size() - 1);
        words.clear();
    }

    private void openBlock(Token keyword, List<Token> args, Token brace) {
        List<Stmt> parent = current();
        parent.add(null); // placeholder, filled when the block closes
        open.push(new Frame(parent, parent.size() - 1, keyword, args, new ArrayList<>(), brace));
        pending = null;
    }

    private void closeBlock(Token brace) {
        if (open.isEmpty()) {
            diags.error(brace.pos(), "extra '}' with no block open", "}");
            return;
        }
        Frame f = open.pop();
        f.parentList().set(f.index(), new Stmt(f.keyword(), f.args(), List.copyOf(f.children())));
        drain();
    }

    /** Ends the input: blocks left open are reported at their opening brace and closed. */
    List<Stmt> finish() {
        while (!open.isEmpty()) {
            Frame f = open.peek();
            diags.error(f.brace().pos(), "missing '}' for the block of '" + f.keyword().text() + "' opened here", "{");
            closeBlock(f.brace());
        }
        pending = null;
        drain();
        return List.copyOf(root);
    }
}

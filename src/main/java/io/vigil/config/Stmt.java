package io.vigil.config;

import java.util.List;

/**
 * One statement of the configuration: a keyword, its arguments on the same line, and an optional
 * {@code { ... }} block of statements.
 *
 * @param block null when the statement has no block
 */
record Stmt(Token keyword, List<Token> args, List<Stmt> block) {
    String name() {
        return keyword.text();
    }

    SourcePos pos() {
        return keyword.pos();
    }

    boolean hasBlock() {
        return block != null;
    }

    /** The keyword and its arguments: what a list block ({@code virtual_ipaddress}) sees as one entry. */
    List<Token> words() {
        if (args.isEmpty()) {
            return List.of(keyword);
        }
        Token[] all = new Token[args.size() + 1];
        all[0] = keyword;
        for (int i = 0; i < args.size(); i++) {
            all[i + 1] = args.get(i);
        }
        return List.of(all);
    }
}

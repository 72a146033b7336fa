package io.vigil.daemon;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a configured script command line into argv the way keepalived does: words separated by blanks, with
 * single and double quotes grouping and a backslash escaping the next character.
 */
public final class CommandWords {
    private CommandWords() {}

    public static List<String> split(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (c == '\\' && i + 1 < command.length() && quote != '\'') {
                word.append(command.charAt(++i));
                inWord = true;
            } else if (quote != 0) {
                if (c == quote) quote = 0;
                else word.append(c);
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) words.add(word.toString());
                word.setLength(0);
                inWord = false;
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) words.add(word.toString());
        return words;
    }
}

package io.vigil.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConfManPageTest {
    @Test
    void everyKeywordOfEveryBlockIsInTheManPageWithItsClass() {
        String page = ConfManPage.generate("Vigil test");
        assertThat(page).startsWith(".TH VIGIL.CONF 5");
        int keywords = 0;
        int cursor = 0; // the page lists the blocks and keywords in schema order; names repeat across blocks
        for (BlockSchema b : Schema.allBlocks()) {
            for (Keyword<?> k : b.keywords()) {
                if (k == b.entries()) continue;
                String entry = ".TP\n\\fB" + Roff.text(k.name()) + "\\fR";
                int at = page.indexOf(entry, cursor);
                assertThat(at).as("keyword %s of %s", k.name(), b.name()).isNotNegative();
                cursor = at + entry.length();
                String after = page.substring(cursor);
                after = after.substring(after.indexOf('\n') + 1); // past the syntax
                assertThat(after).as("class of %s", k.name()).startsWith(k.support().name());
                if (k.support() != Keyword.Support.IMPLEMENTED) {
                    assertThat(after.substring(0, after.indexOf('\n'))).contains(Roff.text(k.supportReason()));
                }
                keywords++;
            }
        }
        assertThat(keywords).isGreaterThan(100);
        assertThat(page).contains("REFUSED").contains("NOT_APPLICABLE");
    }

    @Test
    void roffTextCannotStartARequestOrAnEscape() {
        assertThat(Roff.text(".x")).isEqualTo("\\&.x");
        assertThat(Roff.text("a\\b-c")).isEqualTo("a\\eb\\-c");
    }
}

package dev.homeport.app.desktop.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The columns each character of a log line takes in the view: as a terminal gives them (JLine's table), one piece per grapheme. */
class TextColumnsTest {
    private final BreakIterator breaks = BreakIterator.getCharacterInstance();

    private List<String> pieces(TextColumns columns) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < columns.count(); i++) {
            out.add(columns.text().substring(columns.start(i), columns.start(i + 1)) + ":" + columns.width(i));
        }
        return out;
    }

    @Test
    void printableAsciiIsOneColumnACharacter() {
        TextColumns line = TextColumns.of("level=info msg=ok", breaks);
        assertThat(line.columns()).isEqualTo(17);
        assertThat(line.count()).isEqualTo(17);
        assertThat(line.simple(3)).isTrue();
        assertThat(line.columnOf(5)).isEqualTo(5);
    }

    @Test
    void cjkAndEmojiTakeTwoColumnsAndCombiningMarksNone() {
        TextColumns line = TextColumns.of("a日本😀e\u0301ｶＡ", breaks);
        assertThat(pieces(line)).containsExactly("a:1", "日:2", "本:2", "😀:2", "e\u0301:1", "ｶ:1", "Ａ:2");
        assertThat(line.columns()).isEqualTo(11);
        assertThat(line.simple(0)).isTrue();
        assertThat(line.simple(1)).isFalse();
        assertThat(line.simple(4)).as("a letter with its accent is not drawn in an ASCII run").isFalse();
        // The piece holding a character, and the column where a piece starts.
        assertThat(line.pieceAt(line.text().indexOf("😀"))).isEqualTo(3);
        assertThat(line.pieceAt(line.text().indexOf('\u0301'))).isEqualTo(4);
        assertThat(line.columnOf(3)).isEqualTo(5);
        assertThat(line.columnOf(4)).isEqualTo(7);
    }

    @Test
    void emojiSequencesAreOnePieceOfTwoColumns() {
        String family = "👨\u200D👩\u200D👧";
        String thumb = "👍🏽";
        String flag = "🇫🇷";
        String heart = "❤\uFE0F";
        TextColumns line = TextColumns.of(family + thumb + flag + heart + "!", breaks);
        assertThat(pieces(line)).containsExactly(family + ":2", thumb + ":2", flag + ":2", heart + ":2", "!:1");
        assertThat(line.columns()).isEqualTo(9);
    }

    @Test
    void zeroWidthCharactersTakeNoColumn() {
        TextColumns line = TextColumns.of("a\u200Bb", breaks);
        assertThat(pieces(line)).containsExactly("a:1", "\u200B:0", "b:1");
        assertThat(line.columns()).isEqualTo(2);
    }

    @Test
    void aLongLineIsCutInOnePass() {
        // JLine's own cluster search reads the rest of the line at each call (seconds for this line); this takes milliseconds.
        String text = "日本語のログ行 😀 tëst 中文字符 ".repeat(2_000);
        TextColumns line = TextColumns.of(text, breaks);
        assertThat(line.count()).isEqualTo(20 * 2_000);
        assertThat(line.columns()).isEqualTo(32 * 2_000);
    }
}

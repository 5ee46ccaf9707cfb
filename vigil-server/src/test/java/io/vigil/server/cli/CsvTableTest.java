package io.vigil.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CsvTableTest {
  @Test
  void parse_handlesQuotedFieldsEscapedQuotesAndCrlf() {
    CsvTable t = CsvTable.parse("a.csv", "name,\"note\"\r\n\"Smith, J\",\"said \"\"hi\"\"\"\r\nx,\r\n");
    assertThat(t.header()).containsExactly("name", "note");
    assertThat(t.strings("name")).containsExactly("Smith, J", "x");
    assertThat(t.strings("note")).containsExactly("said \"hi\"", "");
  }

  @Test
  void parse_keepsLineBreaksInsideQuotesAndCountsLinesFromRecordStarts() {
    CsvTable t = CsvTable.parse("a.csv", "k,v\n1,\"two\nlines\"\n\n2,x\r\n3,\"\"");
    assertThat(t.strings("v")).containsExactly("two\nlines", "x", "");
    assertThat(t.line(0)).isEqualTo(2);
    assertThat(t.line(1)).isEqualTo(5); // blank line 4 skipped
    assertThat(t.line(2)).isEqualTo(6);
    assertThatThrownBy(() -> CsvTable.parse("a.csv", "k,v\n1,\"two\nlines\"\n2,x,extra\n"))
        .hasMessage("a.csv line 4: 3 fields but the header has only 2 columns");
  }

  @Test
  void parse_ignoresByteOrderMarkAndMissingFinalNewline() {
    CsvTable t = CsvTable.parse("a.csv", "\uFEFFy_true,y_pred\n1,0");
    assertThat(t.header()).containsExactly("y_true", "y_pred");
    assertThat(t.doubles("y_pred")).containsExactly(0.0);
  }

  @Test
  void doubles_acceptsNanAndInfinityAndRejectsTextNamingLineAndColumn() {
    CsvTable t = CsvTable.parse("a.csv", "x\n1.5e3\n nan \n-inf\n");
    assertThat(t.doubles("x")).containsExactly(1500.0, Double.NaN, Double.NEGATIVE_INFINITY);
    CsvTable bad = CsvTable.parse("a.csv", "x\n1\n0x10\n");
    assertThatThrownBy(() -> bad.doubles("x")).hasMessage("a.csv line 3, column 'x': '0x10' is not a number");
    assertThat(bad.isNumeric("x")).isFalse();
  }

  @Test
  void parse_rejectsMalformedInputWithFileAndLine() {
    assertThatThrownBy(() -> CsvTable.parse("a.csv", "")).hasMessage("a.csv: the file is empty; a header row is required");
    assertThatThrownBy(() -> CsvTable.parse("a.csv", "\n\r\n")).hasMessageContaining("the file is empty");
    assertThatThrownBy(() -> CsvTable.parse("a.csv", "a,b\n1\n"))
        .hasMessage("a.csv line 2: 1 field but the header has 2; no value for column 'b'");
    assertThatThrownBy(() -> CsvTable.parse("a.csv", "a,b\n1,\"open\n2,3\n"))
        .hasMessage("a.csv line 2, column 'b': a quoted value is never closed");
    assertThatThrownBy(() -> CsvTable.parse("a.csv", "a,b\n1,\"x\"y\n"))
        .hasMessage("a.csv line 2, column 'b': text after the closing quote");
    assertThatThrownBy(() -> CsvTable.parse("a.csv", "a,b\n1,x\"y\n"))
        .hasMessageStartingWith("a.csv line 2, column 'b': a quote inside an unquoted value");
    assertThatThrownBy(() -> CsvTable.parse("a.csv", "a,a\n1,2\n")).hasMessage("a.csv line 1: column 'a' appears twice in the header");
    assertThatThrownBy(() -> CsvTable.parse("a.csv", "a,b\n1,2\n").strings("c"))
        .hasMessage("a.csv line 1: no column 'c'; the header has a, b");
  }
}

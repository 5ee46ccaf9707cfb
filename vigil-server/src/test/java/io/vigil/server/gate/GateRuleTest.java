package io.vigil.server.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class GateRuleTest {
  @Test
  void parse_numberBaselineAndArithmetic() {
    GateRule r = GateRule.parse("accuracy >= baseline - 0.01");
    assertThat(r.metric()).isEqualTo("accuracy");
    assertThat(r.op()).isEqualTo(">=");
    assertThat(r.threshold(0.9)).isEqualTo(0.9 - 0.01);
    assertThat(GateRule.parse("f1_macro > 0.80").threshold(Double.NaN)).isEqualTo(0.8);
    assertThat(GateRule.parse("f1_macro > 0.80").usesBaseline()).isFalse();
    assertThat(GateRule.parse("latency_p95_ms <= baseline*1.10").threshold(100)).isEqualTo(100 * 1.10);
    assertThat(GateRule.parse("loss<baseline").threshold(3)).isEqualTo(3);
    assertThat(GateRule.parse("a != baseline + 1").threshold(1)).isEqualTo(2);
    assertThat(GateRule.parse("eval/acc top 1 == -1.5e-1").metric()).isEqualTo("eval/acc top 1");
  }

  @Test
  void parse_monitorReferences_bareOrNamed() {
    GateRule bare = GateRule.parse("accuracy >= monitor - 0.02");
    assertThat(bare.monitor()).isEmpty();
    assertThat(bare.usesMonitor()).isTrue();
    assertThat(bare.usesBaseline()).isFalse();
    assertThat(bare.threshold(0.8)).isEqualTo(0.8 - 0.02);
    GateRule named = GateRule.parse("mae <= monitor:price-model.v2 * 1.1");
    assertThat(named.monitor()).isEqualTo("price-model.v2");
    assertThat(named.threshold(2)).isEqualTo(2 * 1.1);
    assertThat(GateRule.parse("mae <= monitor:m").threshold(3)).isEqualTo(3);
    assertThat(GateRule.parse("a >= baseline").monitor()).isNull();
    for (String bad : List.of("a >= monitor:", "a >= monitor / 2", "a >= monitor:m - x", "a >= monitorx")) {
      assertThatThrownBy(() -> GateRule.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("invalid rule");
    }
  }

  @Test
  void passes_perOperator_andNaNNeverPasses() {
    assertThat(GateRule.parse("a >= 1").passes(1, 1)).isTrue();
    assertThat(GateRule.parse("a > 1").passes(1, 1)).isFalse();
    assertThat(GateRule.parse("a <= 1").passes(0.5, 1)).isTrue();
    assertThat(GateRule.parse("a < 1").passes(1, 1)).isFalse();
    assertThat(GateRule.parse("a == 1").passes(1, 1)).isTrue();
    assertThat(GateRule.parse("a != 1").passes(1, 1)).isFalse();
    assertThat(GateRule.parse("a != 1").passes(Double.NaN, 1)).isFalse();
  }

  @Test
  void parse_rejectsMalformedRules() {
    for (String bad : List.of("", "accuracy", ">= 1", "a >=", "a => 1", "a = 1", "a >= x", "a >= baseline / 2",
        "a >= baseline ± 1", "a >= baseline - ")) {
      assertThatThrownBy(() -> GateRule.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("invalid rule");
    }
  }

  @Test
  void rulesFile_listUnderRules_quotesAndComments() {
    assertThat(RulesFile.parse(List.of("# c", "rules:", "  - \"a >= baseline - 0.01\"  # why", "  - 'b > 1'", "", "  - c < 2"), "f"))
        .containsExactly("a >= baseline - 0.01", "b > 1", "c < 2");
    assertThatThrownBy(() -> RulesFile.parse(List.of("other:", "  - a > 1"), "f")).hasMessageContaining("line 1");
    assertThatThrownBy(() -> RulesFile.parse(List.of("rules:"), "f")).hasMessageContaining("no rules");
  }

  @Test
  void junitXml_escapesRuleText() {
    GateRule r = GateRule.parse("a < baseline");
    GateReport report = new GateReport("m&n", "c", "b", List.of(new GateReport.Verdict(r, 2, 1.0, 1, false)));
    assertThat(report.junitXml()).contains("name=\"a &lt; baseline\"").contains("<failure").contains("m&amp;n");
  }
}

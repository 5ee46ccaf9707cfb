package io.vigil.server.tracking.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.server.tracking.search.FilterExpr.And;
import io.vigil.server.tracking.search.FilterExpr.Comparison;
import io.vigil.server.tracking.search.FilterExpr.Or;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SearchFilterParserTest {

  private static FilterExpr parse(String filter) {
    return SearchFilterParser.parseRunFilter(filter).orElseThrow();
  }

  private static Comparison comparison(String filter) {
    return (Comparison) parse(filter);
  }

  private static FilterValue.Text text(String s) {
    return new FilterValue.Text(s);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "\t\n"})
  void blankFilterMeansNoFilter(String filter) {
    assertThat(SearchFilterParser.parseRunFilter(filter)).isEmpty();
    assertThat(SearchFilterParser.parseRunFilter(null)).isEmpty();
    assertThat(SearchFilterParser.parseExperimentFilter(filter)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"=,EQ", "!=,NE", "<,LT", "<=,LE", ">,GT", ">=,GE"})
  void parsesEveryNumericComparatorForMetrics(String symbol, Comparator expected) {
    Comparison c = comparison("metrics.acc " + symbol + " 0.5");
    assertThat(c.type()).isEqualTo(EntityType.METRIC);
    assertThat(c.key()).isEqualTo("acc");
    assertThat(c.comparator()).isEqualTo(expected);
    assertThat(((FilterValue.Number) c.value()).value()).isEqualByComparingTo("0.5");
  }

  @ParameterizedTest
  @CsvSource({"=,EQ", "!=,NE", "LIKE,LIKE", "like,LIKE", "ILIKE,ILIKE", "iLike,ILIKE"})
  void parsesStringComparatorsCaseInsensitively(String symbol, Comparator expected) {
    Comparison c = comparison("params.model " + symbol + " 'CNN'");
    assertThat(c).isEqualTo(new Comparison(EntityType.PARAM, "model", expected, text("CNN")));
  }

  @Test
  void parsesInAndNotInLists() {
    assertThat(comparison("tags.team IN ('a', \"b\",'c')"))
        .isEqualTo(
            new Comparison(EntityType.TAG, "team", Comparator.IN, new FilterValue.TextList(List.of("a", "b", "c"))));
    assertThat(comparison("tags.team not in ('a')"))
        .isEqualTo(new Comparison(EntityType.TAG, "team", Comparator.NOT_IN, new FilterValue.TextList(List.of("a"))));
    assertThat(comparison("attributes.run_id In ('r1','r2')").comparator()).isEqualTo(Comparator.IN);
  }

  @Test
  void parsesComparisonsWithoutSpaces() {
    assertThat(comparison("metrics.acc>=-1")).isEqualTo(
        new Comparison(EntityType.METRIC, "acc", Comparator.GE, new FilterValue.Number(new BigDecimal("-1"), "-1")));
    assertThat(comparison("params.a='b'")).isEqualTo(new Comparison(EntityType.PARAM, "a", Comparator.EQ, text("b")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "-2", "3.25", "-0.5", ".5", "1e3", "2.5E-3", "-1e+2", "+4"})
  void parsesNumberForms(String number) {
    FilterValue.Number n = (FilterValue.Number) comparison("metrics.x < " + number).value();
    assertThat(n.value()).isEqualByComparingTo(new BigDecimal(number));
    assertThat(n.text()).isEqualTo(number);
  }

  @Test
  void acceptsAllMlflowPrefixes() {
    for (String p : List.of("metric", "metrics")) {
      assertThat(comparison(p + ".a = 1").type()).isEqualTo(EntityType.METRIC);
    }
    for (String p : List.of("param", "params", "parameter", "parameters")) {
      assertThat(comparison(p + ".a = 'x'").type()).isEqualTo(EntityType.PARAM);
    }
    for (String p : List.of("tag", "tags")) {
      assertThat(comparison(p + ".a = 'x'").type()).isEqualTo(EntityType.TAG);
    }
    for (String p : List.of("attribute", "attributes", "attr", "run")) {
      assertThat(comparison(p + ".status = 'x'"))
          .isEqualTo(new Comparison(EntityType.ATTRIBUTE, "status", Comparator.EQ, text("x")));
    }
  }

  @Test
  void unprefixedNamesAreAttributesAndAliasesResolve() {
    assertThat(comparison("status = 'FINISHED'").type()).isEqualTo(EntityType.ATTRIBUTE);
    assertThat(comparison("created > 5").key()).isEqualTo("start_time");
    assertThat(comparison("attributes.Created > 5").key()).isEqualTo("start_time");
    assertThat(comparison("`Run name` = 'x'").key()).isEqualTo("run_name");
    assertThat(comparison("attributes.`run name` = 'x'").key()).isEqualTo("run_name");
    assertThat(comparison("attributes.lifecycle_stage = 'active'").key()).isEqualTo("lifecycle_stage");
  }

  @Test
  void quotedKeysMayContainDotsSpacesAndQuotes() {
    assertThat(comparison("metrics.`my metric` > 1").key()).isEqualTo("my metric");
    assertThat(comparison("tags.`mlflow.runName` = 'a'").key()).isEqualTo("mlflow.runName");
    assertThat(comparison("tags.mlflow.runName = 'a'").key()).isEqualTo("mlflow.runName");
    assertThat(comparison("params.\"my param\" = 'a'").key()).isEqualTo("my param");
    assertThat(comparison("params.'a.b' = 'a'").key()).isEqualTo("a.b");
    assertThat(comparison("params.`a``b` = 'a'").key()).isEqualTo("a`b");
    assertThat(comparison("`metrics`.acc = 1").type()).isEqualTo(EntityType.METRIC);
  }

  @Test
  void stringValuesMayUseEitherQuoteAndDoubledQuotes() {
    assertThat(comparison("params.a = \"it's\"").value()).isEqualTo(text("it's"));
    assertThat(comparison("params.a = 'it''s'").value()).isEqualTo(text("it's"));
    assertThat(comparison("params.a = 'say \"hi\"'").value()).isEqualTo(text("say \"hi\""));
    assertThat(comparison("params.a = ''").value()).isEqualTo(text(""));
  }

  @Test
  void andBindsTighterThanOr() {
    Comparison a = comparison("params.a = '1'");
    Comparison b = comparison("params.b = '2'");
    Comparison c = comparison("params.c = '3'");
    assertThat(parse("params.a = '1' OR params.b = '2' AND params.c = '3'"))
        .isEqualTo(new Or(List.of(a, new And(List.of(b, c)))));
    assertThat(parse("params.a = '1' and params.b = '2' or params.c = '3'"))
        .isEqualTo(new Or(List.of(new And(List.of(a, b)), c)));
  }

  @Test
  void parenthesesOverridePrecedence() {
    Comparison a = comparison("params.a = '1'");
    Comparison b = comparison("params.b = '2'");
    Comparison c = comparison("params.c = '3'");
    assertThat(parse("(params.a = '1' OR params.b = '2') AND params.c = '3'"))
        .isEqualTo(new And(List.of(new Or(List.of(a, b)), c)));
    assertThat(parse("((params.a = '1'))")).isEqualTo(a);
  }

  @Test
  void chainsOfAndAreFlat() {
    assertThat(parse("metrics.a > 1 AND metrics.b > 2 AND metrics.c > 3")).isInstanceOfSatisfying(
        And.class, and -> assertThat(and.operands()).hasSize(3));
  }

  @Test
  void experimentFiltersAcceptExperimentAttributesAndTags() {
    FilterExpr expr =
        SearchFilterParser.parseExperimentFilter("name LIKE 'a%' AND tags.owner = 'x' AND creation_time > 1")
            .orElseThrow();
    assertThat(((And) expr).operands()).hasSize(3);
    assertThat(SearchFilterParser.parseExperimentFilter("experiment_id = 3").orElseThrow())
        .isEqualTo(new Comparison(EntityType.ATTRIBUTE, "experiment_id", Comparator.EQ, text("3")));
  }

  // ---- errors ----

  private static void assertError(String filter, String message) {
    assertThatThrownBy(() -> SearchFilterParser.parseRunFilter(filter))
        .isInstanceOf(SearchSyntaxException.class)
        .hasMessage(message);
  }

  private static void assertErrorStarts(String filter, String start, int position) {
    assertThatThrownBy(() -> SearchFilterParser.parseRunFilter(filter))
        .isInstanceOf(SearchSyntaxException.class)
        .hasMessageStartingWith(start)
        .hasMessageEndingWith(" at position " + position + " in filter '" + filter + "'");
  }

  @Test
  void rejectsInvalidComparatorWithPosition() {
    assertError("metrics.acc >>> 1", "Invalid comparator '>>>' at position 12 in filter 'metrics.acc >>> 1'");
    assertError("metrics.acc == 1", "Invalid comparator '==' at position 12 in filter 'metrics.acc == 1'");
  }

  @Test
  void rejectsComparatorNotAllowedForEntity() {
    assertError(
        "params.lr > '0.1'",
        "Invalid comparator '>' for param 'lr' (allowed: =, !=, LIKE, ILIKE, IN, NOT IN) at position 10 in filter"
            + " 'params.lr > '0.1''");
    assertErrorStarts("metrics.acc LIKE 1", "Invalid comparator 'LIKE' for metric 'acc' (allowed: =, !=, <, <=, >, >=)", 12);
    assertErrorStarts("start_time IN (1)", "Invalid comparator 'IN' for numeric attribute 'start_time'", 11);
    assertErrorStarts("status < 'x'", "Invalid comparator '<' for string attribute 'status'", 7);
  }

  @Test
  void rejectsUnknownAttribute() {
    assertErrorStarts("attributes.foo = 'x'", "Unknown attribute 'foo' (valid attributes: artifact_uri, end_time,", 0);
    assertErrorStarts("metrics.a = 1 AND foo = 'x'", "Unknown attribute 'foo'", 18);
  }

  @Test
  void rejectsUnknownPrefixAndDatasets() {
    assertErrorStarts("foo.bar = 'x'", "Unknown identifier prefix 'foo' in 'foo.bar'", 0);
    assertErrorStarts("datasets.name = 'x'", "Dataset filters are not supported", 0);
    assertThatThrownBy(() -> SearchFilterParser.parseExperimentFilter("metrics.acc > 1"))
        .isInstanceOf(SearchSyntaxException.class)
        .hasMessageStartingWith("Unknown identifier prefix 'metrics'");
  }

  @Test
  void rejectsNonNumericValueForMetricOrNumericAttribute() {
    assertError(
        "metrics.acc > 'abc'",
        "Expected a number for metric comparison but found 'abc' at position 14 in filter 'metrics.acc > 'abc''");
    assertErrorStarts("start_time > abc", "Expected a number for comparison with numeric attribute 'start_time'", 13);
  }

  @Test
  void rejectsUnquotedValueForStrings() {
    assertErrorStarts("params.lr = 0.1", "Expected a quoted string for param 'lr' (e.g. 'my-value') but found '0.1'", 12);
    assertErrorStarts("tags.t = abc", "Expected a quoted string for tag 't'", 9);
    assertErrorStarts("run_name = 5", "Expected a quoted string for string attribute 'run_name'", 11);
  }

  @Test
  void rejectsMalformedLists() {
    assertErrorStarts("params.m IN 'a'", "Expected a parenthesised list of quoted strings after IN", 12);
    assertErrorStarts("params.m IN ()", "Empty list after IN", 13);
    assertErrorStarts("params.m NOT IN ('a' 'b')", "Expected ',' or ')' in the list after NOT IN but found 'b'", 21);
    assertErrorStarts("params.m IN ('a', 1)", "Expected a parenthesised list of quoted strings after IN", 18);
    assertErrorStarts("params.m IN ('a',", "Expected a parenthesised list", 17);
  }

  @Test
  void rejectsStructuralErrors() {
    assertErrorStarts("(metrics.acc > 1", "Expected ')' to close the '(' at position 0 but found the end of the filter", 16);
    assertErrorStarts("metrics.acc > 1 metrics.b < 2", "Unexpected 'metrics.b'; expected AND, OR or the end of the filter", 16);
    assertErrorStarts("metrics.acc > 1 AND", "Expected an identifier such as metrics.acc but found the end of the filter", 19);
    assertErrorStarts("metrics.acc > 1)", "Unexpected ')'", 15);
    assertErrorStarts("metrics.acc", "Expected a comparator", 11);
    assertErrorStarts("metrics.acc 1", "Expected a comparator (=, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN) after 'metrics.acc' but found '1'", 12);
    assertErrorStarts("params.m NOT LIKE 'x'", "Expected IN after NOT but found 'LIKE'", 13);
    assertErrorStarts("'x' = params.m", "Expected an identifier such as metrics.acc but found 'x'", 0);
    assertErrorStarts("metrics.acc > 1 OR OR metrics.b > 1", "Expected an identifier", 19);
  }

  @Test
  void rejectsLexicalErrors() {
    assertErrorStarts("params.a = 'open", "Unterminated string starting", 11);
    assertErrorStarts("params.`open = 'x'", "Unterminated backtick-quoted name starting", 7);
    assertErrorStarts("metrics.acc > 1abc", "Invalid number '1abc'", 14);
    assertErrorStarts("metrics.acc # 1", "Unexpected character '#'", 12);
    assertErrorStarts("params.learning-rate = 'x'", "Unexpected character '-'; quote names containing it with backticks", 15);
    assertThat(comparison("params.`learning-rate` = 'x'").key()).isEqualTo("learning-rate");
    assertErrorStarts("metrics. = 1", "Missing key after 'metrics.'", 0);
    assertErrorStarts("params.a`b` = 'x'", "Invalid identifier 'params.a`b`'", 0);
  }
}

package io.millrace.dynamodb.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millrace.dynamodb.item.AttributeValue;
import io.millrace.dynamodb.item.Numbers;
import io.millrace.gateway.protocol.ApiException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The expression language against DynamoDB's documented semantics (Developer Guide, "Expressions"). */
class ExpressionsTest {

    private static AttributeValue s(String value) {
        return new AttributeValue.S(value);
    }

    private static AttributeValue n(String value) {
        return new AttributeValue.N(Numbers.parse(value));
    }

    private static AttributeValue ss(String... values) {
        return new AttributeValue.SS(new LinkedHashSet<>(List.of(values)));
    }

    private static AttributeValue list(AttributeValue... values) {
        return new AttributeValue.L(List.of(values));
    }

    private static AttributeValue map(String key, AttributeValue value) {
        return new AttributeValue.M(Map.of(key, value));
    }

    private static final Map<String, AttributeValue> ITEM = Map.of(
            "id", s("lease-1"),
            "counter", n("10"),
            "owner", s("worker-1"),
            "tags", ss("a", "b"),
            "history", list(s("x"), s("y")),
            "meta", map("region", s("eu")),
            "flag", new AttributeValue.Bool(true),
            "nothing", new AttributeValue.Null());

    private static final Map<String, AttributeValue> VALUES = Map.of(
            ":ten",
            n("10"),
            ":nine",
            n("9.0"),
            ":w1",
            s("worker-1"),
            ":wor",
            s("wor"),
            ":a",
            s("a"),
            ":eu",
            s("eu"),
            ":S",
            s("S"),
            ":two",
            n("2"),
            ":x",
            s("x"));

    private static boolean test(String expression) {
        return test(expression, Map.of());
    }

    private static boolean test(String expression, Map<String, String> names) {
        Placeholders placeholders = new Placeholders(names, VALUES);
        return ConditionEvaluator.test(
                ExpressionParser.condition(expression, "ConditionExpression", placeholders), ITEM);
    }

    @Test
    void comparisonsOrderNumbersNumericallyAndAreFalseAcrossTypes() {
        assertThat(test("counter = :ten")).isTrue();
        assertThat(test("counter > :nine AND counter >= :ten AND counter <= :ten"))
                .isTrue();
        assertThat(test("counter < :nine")).isFalse();
        assertThat(test("owner > :ten")).isFalse();
        assertThat(test("owner <> :ten")).isTrue();
        assertThat(test("counter BETWEEN :nine AND :ten")).isTrue();
        assertThat(test("owner IN (:a, :w1)")).isTrue();
    }

    @Test
    void aMissingAttributeFailsEveryComparisonButNotEqual() {
        assertThat(test("missing = :ten")).isFalse();
        assertThat(test("missing < :ten")).isFalse();
        assertThat(test("missing <> :ten")).isTrue();
        assertThat(test("NOT missing = :ten")).isTrue();
    }

    @Test
    void functionsAndNestedPaths() {
        assertThat(test("attribute_exists(id) AND attribute_not_exists(missing)"))
                .isTrue();
        assertThat(test("attribute_exists(meta.region) AND meta.region = :eu")).isTrue();
        assertThat(test("history[1] > :x AND attribute_not_exists(history[5])")).isTrue();
        assertThat(test("begins_with(owner, :wor)")).isTrue();
        assertThat(test("contains(tags, :a) AND contains(owner, :wor) AND contains(history, :x)"))
                .isTrue();
        assertThat(test("attribute_type(owner, :S)")).isTrue();
        assertThat(test("size(history) = :two AND size(tags) = :two AND size(meta) < :two"))
                .isTrue();
        assertThat(test("#o = :w1", Map.of("#o", "owner"))).isTrue();
    }

    @Test
    void notBindsTighterThanAndWhichBindsTighterThanOr() {
        assertThat(test("missing = :ten OR counter = :ten AND owner = :w1")).isTrue();
        assertThat(test("(missing = :ten OR counter = :ten) AND NOT owner = :w1"))
                .isFalse();
        assertThat(test("NOT attribute_exists(missing) AND attribute_exists(id)"))
                .isTrue();
    }

    @Test
    void syntaxErrorsAndUndefinedPlaceholdersInDynamoDbsWording() {
        assertThatThrownBy(() -> test("counter = "))
                .isInstanceOf(ApiException.class)
                .hasMessage("Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"=\"");
        assertThatThrownBy(() -> test("counter = :undefined"))
                .hasMessage("Invalid ConditionExpression: An expression attribute value used in expression is not"
                        + " defined; attribute value: :undefined");
        assertThatThrownBy(() -> test("#n = :ten"))
                .hasMessage("Invalid ConditionExpression: An expression attribute name used in the document path is"
                        + " not defined; attribute name: #n");
        assertThatThrownBy(() -> test("nope(counter)"))
                .hasMessage("Invalid ConditionExpression: Invalid function name; function: nope");
        assertThatThrownBy(() -> test("counter BETWEEN :ten AND :nine"))
                .hasMessageContaining(
                        "The BETWEEN operator requires upper bound to be greater than or equal to lower" + " bound");
    }

    private static Map<String, AttributeValue> update(String expression, Map<String, AttributeValue> values) {
        Placeholders placeholders = new Placeholders(Map.of(), values);
        UpdateExpression update = ExpressionParser.update(expression, placeholders);
        placeholders.checkAllUsed();
        return Updater.apply(update, ITEM);
    }

    @Test
    void updateClausesEvaluateAgainstTheOldItem() {
        Map<String, AttributeValue> updated = update(
                "SET counter = counter + :one, copy = counter,"
                        + " fresh = if_not_exists(fresh, :zero), history = list_append(history, :more) REMOVE flag"
                        + " ADD newtags :c, counter2 :one DELETE tags :a",
                Map.of(":one", n("1"), ":zero", n("0"), ":more", list(s("z")), ":c", ss("c"), ":a", ss("a")));
        assertThat(updated.get("counter")).isEqualTo(n("11"));
        assertThat(updated.get("copy")).isEqualTo(n("10"));
        assertThat(updated.get("fresh")).isEqualTo(n("0"));
        assertThat(updated).doesNotContainKey("flag");
        assertThat(updated.get("tags")).isEqualTo(ss("b"));
        assertThat(updated.get("newtags")).isEqualTo(ss("c"));
        assertThat(updated.get("counter2")).isEqualTo(n("1"));
        assertThat(updated.get("history")).isEqualTo(list(s("x"), s("y"), s("z")));
    }

    @Test
    void updateErrors() {
        assertThatThrownBy(() -> update("SET a = :v, a = :v", Map.of(":v", n("1"))))
                .hasMessageContaining("Two document paths overlap with each other");
        assertThatThrownBy(() -> update("SET a = missing + :v", Map.of(":v", n("1"))))
                .hasMessage("The provided expression refers to an attribute that does not exist in the item");
        assertThatThrownBy(() -> update("ADD owner :v", Map.of(":v", n("1"))))
                .hasMessage("An operand in the update expression has an incorrect data type");
        assertThatThrownBy(() -> update("ADD x :v", Map.of(":v", s("1"))))
                .hasMessage("Invalid UpdateExpression: Incorrect operand type for operator or function; operator:"
                        + " ADD, operand type: STRING");
        assertThatThrownBy(() -> update("SET a = :v SET b = :v", Map.of(":v", n("1"))))
                .hasMessageContaining("The \"SET\" section can only be used once in an update expression");
        assertThatThrownBy(() -> update("SET a = :v", Map.of(":v", n("1"), ":w", n("2"))))
                .hasMessage("Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}");
        assertThatThrownBy(() -> update("SET missing.child = :v", Map.of(":v", n("1"))))
                .hasMessage("The document path provided in the update expression is invalid for update");
    }

    @Test
    void listElementsAndNestedMapsAreSetAndRemovedInPlace() {
        Map<String, AttributeValue> updated =
                update("SET history[5] = :v, meta.city = :v REMOVE history[0]", Map.of(":v", s("new")));
        assertThat(updated.get("history")).isEqualTo(list(s("y"), s("new")));
        Map<String, AttributeValue> meta = new LinkedHashMap<>();
        meta.put("region", s("eu"));
        meta.put("city", s("new"));
        assertThat(updated.get("meta")).isEqualTo(new AttributeValue.M(meta));
    }

    @Test
    void numbersKeep38DigitsAndDynamoDbsRange() {
        assertThat(Numbers.parse("1.50")).isEqualTo(new BigDecimal("1.5"));
        assertThat(new AttributeValue.N(Numbers.parse("1E+2")).text()).isEqualTo("100");
        assertThat(Numbers.add(Numbers.parse("99999999999999999999999999999999999998"), BigDecimal.ONE))
                .isEqualTo(new BigDecimal("99999999999999999999999999999999999999"));
        assertThatThrownBy(() -> Numbers.add(
                        Numbers.parse("99999999999999999999999999999999999999"), BigDecimal.ONE.movePointLeft(1)))
                .hasMessage("Attempting to store more than 38 significant digits in a Number");
        assertThatThrownBy(() -> Numbers.parse("1E126")).hasMessageContaining("Number overflow");
        assertThatThrownBy(() -> Numbers.parse("1E-131")).hasMessageContaining("Number underflow");
        assertThatThrownBy(() -> Numbers.parse("abc")).hasMessage("A value provided cannot be converted into a number");
    }

    @Test
    void projectionsKeepTheItemsShape() {
        Placeholders placeholders = new Placeholders(Map.of("#m", "meta"), Map.of());
        List<Path> paths = ExpressionParser.projection("id, #m.region, history[1], missing", placeholders);
        assertThat(Projection.project(ITEM, paths))
                .isEqualTo(Map.of("id", s("lease-1"), "meta", map("region", s("eu")), "history", list(s("y"))));
    }

    @Test
    void legacyExpectedMeansWhatTheKclMeansByIt() {
        var expected = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        expected.putObject("owner").putObject("Value").put("S", "worker-1");
        expected.putObject("missing").put("Exists", false);
        expected.putObject("counter")
                .put("ComparisonOperator", "GT")
                .putArray("AttributeValueList")
                .addObject()
                .put("N", "9");
        assertThat(ConditionEvaluator.test(LegacyConditions.expected(expected, null), ITEM))
                .isTrue();
        expected.putObject("id").put("ComparisonOperator", "NULL");
        assertThat(ConditionEvaluator.test(LegacyConditions.expected(expected, null), ITEM))
                .isFalse();
    }
}

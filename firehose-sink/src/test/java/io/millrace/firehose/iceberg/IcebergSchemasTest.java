package io.millrace.firehose.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/** Columns inferred from JSON records for created tables and added columns. */
class IcebergSchemasTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<JsonNode> records(String... json) throws Exception {
        List<JsonNode> nodes = new java.util.ArrayList<>();
        for (String j : json) {
            nodes.add(JSON.readTree(j.replace('\'', '"')));
        }
        return nodes;
    }

    @Test
    void typesFromTheFirstValueFieldsInOrderOfFirstAppearanceKeysRequired() throws Exception {
        Schema schema = IcebergSchemas.infer(
                records(
                        "{'id':1,'name':'a','score':1.5,'ok':true,'gone':null,'tags':[],'at':{'x':1,'y':null}}",
                        "{'tags':[null,'t'],'gone':null,'late':7,'ID':'shadowed'}"),
                List.of("id"));
        assertThat(schema.columns().stream().map(Types.NestedField::name))
                .containsExactly("id", "name", "score", "ok", "at", "tags", "late");
        assertThat(schema.findField("id").type()).isEqualTo(Types.LongType.get());
        assertThat(schema.findField("id").isRequired()).isTrue();
        assertThat(schema.findField("name").isOptional()).isTrue();
        assertThat(schema.findField("score").type()).isEqualTo(Types.DoubleType.get());
        assertThat(schema.findField("ok").type()).isEqualTo(Types.BooleanType.get());
        assertThat(schema.findField("tags").type().asListType().elementType()).isEqualTo(Types.StringType.get());
        assertThat(schema.findField("at").type().asStructType().fields())
                .singleElement()
                .satisfies(f -> assertThat(f.name()).isEqualTo("x"));
        assertThat(schema.identifierFieldNames()).containsExactly("id");
        assertThat(schema.highestFieldId()).as("fresh, distinct ids").isEqualTo(9);
    }

    @Test
    void aKeyWithoutAValueCannotMakeAColumn() throws Exception {
        assertThatThrownBy(() -> IcebergSchemas.infer(records("{'id':null,'n':1}"), List.of("id")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("id");
    }

    @Test
    void newColumnsAreTheFieldsNoColumnHasIgnoringCase() throws Exception {
        Map<String, Type> added =
                IcebergSchemas.newColumns(Set.of("id", "Name"), records("{'ID':1,'name':'x','email':'e','n':null}"));
        assertThat(added).containsOnlyKeys("email");
    }

    @Test
    void newFieldsAreFoundInsideStructsListsOfStructsAndMapsOfStructs() throws Exception {
        Types.StructType table = Types.StructType.of(
                Types.NestedField.required(1, "id", Types.LongType.get()),
                Types.NestedField.optional(
                        2, "pos", Types.StructType.of(Types.NestedField.optional(3, "x", Types.DoubleType.get()))),
                Types.NestedField.optional(
                        4,
                        "items",
                        Types.ListType.ofOptional(
                                5, Types.StructType.of(Types.NestedField.optional(6, "sku", Types.StringType.get())))),
                Types.NestedField.optional(
                        7,
                        "byName",
                        Types.MapType.ofOptional(
                                8,
                                9,
                                Types.StringType.get(),
                                Types.StructType.of(Types.NestedField.optional(10, "n", Types.LongType.get())))),
                Types.NestedField.optional(11, "note", Types.StringType.get()));
        List<IcebergSchemas.NewField> added = IcebergSchemas.newFields(
                table,
                records(
                        "{'ID':1,'POS':{'X':1,'y':2,'z':null},'items':[{'sku':'a','qty':3}],"
                                + "'byName':{'k':{'n':1,'m':'v'}},'note':{'not':'retyped'},'extra':true}",
                        "{'pos':{'y':'second type ignored','w':{'deep':1}}}"));
        assertThat(added)
                .containsExactly(
                        new IcebergSchemas.NewField("pos", "y", Types.LongType.get()),
                        new IcebergSchemas.NewField("items.element", "qty", Types.LongType.get()),
                        new IcebergSchemas.NewField("byName.value", "m", Types.StringType.get()),
                        new IcebergSchemas.NewField(null, "extra", Types.BooleanType.get()),
                        new IcebergSchemas.NewField("pos", "w", added.get(4).type()));
        assertThat(added.get(4).type().asStructType().fields())
                .singleElement()
                .satisfies(f -> assertThat(f.name()).isEqualTo("deep"));
    }
}

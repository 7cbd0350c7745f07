package io.millrace.firehose.conversion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class HiveTypeTest {

    private static Schema column(Schema row, String name) {
        Schema union = row.getField(name).schema();
        assertThat(union.getType()).isEqualTo(Schema.Type.UNION);
        assertThat(union.getTypes().get(0).getType())
                .as("every column is nullable")
                .isEqualTo(Schema.Type.NULL);
        return union.getTypes().get(1);
    }

    @Test
    void mapsEveryHivePrimitiveToItsAvroType() {
        Schema row = AvroSchemas.rowSchema(HiveType.parse("struct<s:string,v:varchar(10),c:char(3),b:boolean,"
                + "t:tinyint,sm:smallint,i:int,bi:bigint,f:float,d:double,dec:decimal(12,3),dt:date,ts:timestamp,"
                + "bin:binary>"));

        assertThat(column(row, "s").getType()).isEqualTo(Schema.Type.STRING);
        assertThat(column(row, "v").getType()).isEqualTo(Schema.Type.STRING);
        assertThat(column(row, "c").getType()).isEqualTo(Schema.Type.STRING);
        assertThat(column(row, "b").getType()).isEqualTo(Schema.Type.BOOLEAN);
        assertThat(column(row, "t").getType()).isEqualTo(Schema.Type.INT);
        assertThat(column(row, "sm").getType()).isEqualTo(Schema.Type.INT);
        assertThat(column(row, "i").getType()).isEqualTo(Schema.Type.INT);
        assertThat(column(row, "bi").getType()).isEqualTo(Schema.Type.LONG);
        assertThat(column(row, "f").getType()).isEqualTo(Schema.Type.FLOAT);
        assertThat(column(row, "d").getType()).isEqualTo(Schema.Type.DOUBLE);
        Schema dec = column(row, "dec");
        assertThat(dec.getType()).isEqualTo(Schema.Type.BYTES);
        assertThat(dec.getLogicalType()).isEqualTo(LogicalTypes.decimal(12, 3));
        assertThat(column(row, "dt").getLogicalType()).isEqualTo(LogicalTypes.date());
        assertThat(column(row, "ts").getLogicalType()).isEqualTo(LogicalTypes.timestampMillis());
        assertThat(column(row, "bin").getType()).isEqualTo(Schema.Type.BYTES);
        assertThat(row.getField("s").defaultVal()).isEqualTo(org.apache.avro.JsonProperties.NULL_VALUE);
    }

    @Test
    void mapsNestedTypes() {
        Schema row = AvroSchemas.rowSchema(HiveType.parse(
                "struct<tags:array<string>, attrs:map<string,int>, addr:struct<city:string,geo:struct<lat:double>>>"));

        Schema tags = column(row, "tags");
        assertThat(tags.getType()).isEqualTo(Schema.Type.ARRAY);
        assertThat(tags.getElementType().getTypes().get(1).getType()).isEqualTo(Schema.Type.STRING);
        Schema attrs = column(row, "attrs");
        assertThat(attrs.getType()).isEqualTo(Schema.Type.MAP);
        assertThat(attrs.getValueType().getTypes().get(1).getType()).isEqualTo(Schema.Type.INT);
        Schema addr = column(row, "addr");
        assertThat(addr.getType()).isEqualTo(Schema.Type.RECORD);
        Schema geo = addr.getField("geo").schema().getTypes().get(1);
        assertThat(geo.getField("lat").schema().getTypes().get(1).getType()).isEqualTo(Schema.Type.DOUBLE);
        assertThat(geo.getFullName()).isNotEqualTo(addr.getFullName());
    }

    @Test
    void printsHiveSpellingBackForOrc() {
        String type = "struct<id:bigint,price:decimal(10,2),tags:array<varchar(5)>,m:map<int,struct<a:date>>>";

        assertThat(HiveType.parse(type).toString()).isEqualTo(type);
        assertThat(HiveType.parse("STRUCT< a : INT >").toString()).isEqualTo("struct<a:int>");
        assertThat(HiveType.parse("decimal").toString()).isEqualTo("decimal(10,0)");
    }

    @Test
    void refusesWhatCannotBeWritten() {
        assertThatThrownBy(() -> HiveType.parse("uniontype<int,string>"))
                .hasMessageContaining("unsupported Hive type uniontype");
        assertThatThrownBy(() -> HiveType.parse("decimal(40,2)")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> HiveType.parse("array<int")).hasMessageContaining("expected '>'");
        assertThatThrownBy(() -> HiveType.parse("map<array<int>,int>")).hasMessageContaining("map key");
        HiveType dashed = HiveType.struct(java.util.List.of(new HiveType.Field("a-b", HiveType.parse("int"))));
        assertThatThrownBy(() -> AvroSchemas.rowSchema(dashed)).hasMessageContaining("column name a-b");
    }
}

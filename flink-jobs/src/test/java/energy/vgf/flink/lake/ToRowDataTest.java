package energy.vgf.flink.lake;

import static org.assertj.core.api.Assertions.assertThat;

import energy.vgf.dispatch.DispatchSetpoint;
import energy.vgf.dispatch.SetpointReason;
import energy.vgf.dispatch.SetpointStep;
import java.time.Instant;
import java.util.List;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.junit.jupiter.api.Test;

class ToRowDataTest {

  @Test
  void aSetpointBecomesARowWithItsStepsAndTheirTimestamps() throws Exception {
    // The table's row type, as the job reads it back from the catalog: every timestamp is TIMESTAMP_LTZ(6).
    RowType rowType = FlinkSchemaUtil.convert(FlinkSchemaUtil.convert(
        FlinkSchemaUtil.toResolvedSchema(LakeTables.rowType(DispatchSetpoint.getClassSchema()))));
    LakeJob.ToRowData<DispatchSetpoint> toRow = new LakeJob.ToRowData<>(rowType);
    toRow.open(null);
    Instant from = Instant.parse("2026-01-12T18:00:00Z");
    DispatchSetpoint sp = DispatchSetpoint.newBuilder().setSetpointId("depot@x/cp-1/0").setPlanId("depot@x")
        .setSiteId("depot").setChargerId("cp-1").setPowerKw(22).setValidFrom(from)
        .setValidTo(from.plusSeconds(3_600))
        .setSteps(List.of(new SetpointStep(from.plusSeconds(900), 11.0), new SetpointStep(from.plusSeconds(1_800), 0.0)))
        .setReason(SetpointReason.OPTIMIZER).setCreatedAt(from.plusMillis(1_234)).build();

    RowData row = toRow.map(sp);

    assertThat(row.getTimestamp(rowType.getFieldIndex("valid_from"), 6).toInstant()).isEqualTo(from);
    assertThat(row.getTimestamp(rowType.getFieldIndex("created_at"), 6).toInstant()).isEqualTo(from.plusMillis(1_234));
    ArrayData steps = row.getArray(rowType.getFieldIndex("steps"));
    assertThat(steps.size()).isEqualTo(2);
    RowData second = steps.getRow(1, 2);
    assertThat(second.getTimestamp(0, 6).toInstant()).isEqualTo(from.plusSeconds(1_800));
    assertThat(second.getDouble(1)).isZero();
    assertThat(steps.getRow(0, 2).getDouble(1)).isEqualTo(11.0);
  }
}

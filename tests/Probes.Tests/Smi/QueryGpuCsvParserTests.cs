using ControlPlane.Probes.Smi;
using ControlPlane.Tests.Shared;

namespace ControlPlane.Probes.Tests.Smi;

public class QueryGpuCsvParserTests
{
    private static readonly QueryGpuTable Table =
        QueryGpuCsvParser.Parse(FixtureFiles.Read("gpu-hosts/h200x2-a/query-gpu.csv"), "query-gpu.csv");

    [Fact]
    public void Header_units_are_split_from_column_names()
    {
        Assert.Equal(17, Table.Columns.Length);
        Assert.Equal(new QueryGpuColumn("memory.total", "MiB"), Table.Columns[7]);
        Assert.Equal(new QueryGpuColumn("index", null), Table.Columns[0]);
    }

    [Fact]
    public void Row_cells_keep_the_csv_column_order()
    {
        foreach (var row in Table.Rows)
        {
            Assert.Equal(Table.Columns.Select(c => c.Name), row.Cells.Keys);
        }
    }

    [Fact]
    public void Known_columns_map_to_typed_fields_without_units()
    {
        var gpu0 = Table.Gpus[0];
        Assert.Equal(0, gpu0.Index);
        Assert.Equal("00000000:00:06.0", gpu0.PciBusId);
        Assert.Equal("9.0", gpu0.ComputeCapability);
        Assert.Equal(143771, gpu0.MemoryTotalMiB);
        Assert.Equal(0, gpu0.UtilizationGpuPercent);
        Assert.Equal(36, gpu0.TemperatureGpuC);
        Assert.Equal(123.81, gpu0.PowerDrawW);
        Assert.Equal(700, gpu0.PowerLimitW);
        Assert.Equal(0, gpu0.EccUncorrectedVolatileTotal);
        Assert.Equal("P0", gpu0.PerformanceState);
        Assert.Equal(119.39, Table.Gpus[1].PowerDrawW);
    }

    [Fact]
    public void Renamed_clock_event_reasons_column_still_fills_the_record()
    {
        Assert.Equal("0x0000000000000001", Table.Gpus[0].ClockEventReasonsActive);
    }

    [Fact]
    public void Rows_offer_typed_access_to_any_column()
    {
        Assert.Equal("96.00.A5.00.1A", Table.Rows[1].Text("vbios_version"));
        Assert.Equal(35, Table.Rows[1].Number("temperature.gpu"));
        Assert.Throws<KeyNotFoundException>(() => Table.Rows[0].Text("fan.speed"));
    }

    [Fact]
    public void Not_available_values_become_null()
    {
        var table = QueryGpuCsvParser.Parse("index, power.draw [W], name\n0, [N/A], Tesla T4\n");
        Assert.Null(table.Gpus[0].PowerDrawW);
        Assert.Null(table.Gpus[0].MemoryTotalMiB);
    }

    [Fact]
    public void Row_with_a_missing_cell_is_rejected_on_its_line()
    {
        var text = FixtureFiles.Read("gpu-hosts/h200x2-a/query-gpu.csv").Replace(", P0\n1,", "\n1,", StringComparison.Ordinal);
        var error = Assert.Throws<ProbeParseException>(() => QueryGpuCsvParser.Parse(text, "query-gpu.csv"));
        Assert.Equal(("query-gpu.csv", 2, "17 comma-separated values"), (error.FileName, error.Line, error.Expected));
    }

    [Fact]
    public void Non_numeric_memory_is_rejected()
    {
        var error = Assert.Throws<ProbeParseException>(() => QueryGpuCsvParser.Parse("index, memory.total [MiB]\n0, lots MiB\n", "q.csv"));
        Assert.Equal((2, "a number for memory.total", "lots"), (error.Line, error.Expected, error.Found));
    }

    [Fact]
    public void Header_only_is_rejected()
    {
        var error = Assert.Throws<ProbeParseException>(() => QueryGpuCsvParser.Parse("index, uuid\n", "q.csv"));
        Assert.Equal((2, "a row per GPU"), (error.Line, error.Expected));
    }
}

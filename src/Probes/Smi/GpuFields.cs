using ControlPlane.Wire.Probes;

namespace ControlPlane.Probes.Smi;

/// <summary>The text fields of one &lt;gpu&gt; element by path ("fb_memory_usage/total"), turned into <see cref="GpuDetails"/>.</summary>
internal sealed class GpuFields(string? idAttribute, int line, string fileName)
{
    private readonly Dictionary<string, (string Value, int Line)> fields = new(StringComparer.Ordinal);

    public void Add(string path, string value, int valueLine) => fields[path] = (value, valueLine);

    public GpuDetails ToDetails() => new(
        PciBusId: Required("pci/pci_bus_id", idAttribute),
        Uuid: Required("uuid", null),
        MinorNumber: (int?)Count("minor_number"),
        ProductName: Required("product_name", null),
        Architecture: Text("product_architecture"),
        ComputeCapability: Text("compute_cap"),
        VbiosVersion: Text("vbios_version"),
        PerformanceState: Text("performance_state"),
        Memory: new GpuMemory(
            Number("fb_memory_usage/total", "MiB"),
            Number("fb_memory_usage/used", "MiB"),
            Number("fb_memory_usage/free", "MiB"),
            Number("fb_memory_usage/reserved", "MiB")),
        UtilizationGpuPercent: Number("utilization/gpu_util", "%"),
        UtilizationMemoryPercent: Number("utilization/memory_util", "%"),
        TemperatureC: Number("temperature/gpu_temp", "C"),
        MemoryTemperatureC: Number("temperature/memory_temp", "C"),
        Power: new GpuPower(
            First(("gpu_power_readings/instant_power_draw", "W"), ("gpu_power_readings/power_draw", "W"), ("power_readings/power_draw", "W")),
            First(("gpu_power_readings/current_power_limit", "W"), ("gpu_power_readings/power_limit", "W"), ("power_readings/power_limit", "W"))),
        Ecc: new GpuEcc(Flag("ecc_mode/current_ecc"), EccCounts("ecc_errors/volatile"), EccCounts("ecc_errors/aggregate")),
        RetiredPages: new RetiredPages(
            (int?)Count("retired_pages/multiple_single_bit_retirement/retired_count"),
            (int?)Count("retired_pages/double_bit_retirement/retired_count"),
            Flag("retired_pages/pending_retirement")),
        RemappedRows: new RemappedRows(
            (int?)Count("remapped_rows/remapped_row_corr"),
            (int?)Count("remapped_rows/remapped_row_unc"),
            Flag("remapped_rows/remapped_row_pending"),
            Flag("remapped_rows/remapped_row_failure")),
        Fabric: new GpuFabric
        {
            State = Text("fabric/state"),
            Status = Text("fabric/status"),
            CliqueId = Count("fabric/cliqueId"),
            ClusterUuid = Text("fabric/clusterUuid"),
            HealthSummary = Text("fabric/health/summary"),
        });

    private string? Text(string path) =>
        fields.TryGetValue(path, out var field) && !ProbeText.IsNotAvailable(field.Value) && field.Value.Length > 0
            ? field.Value
            : null;

    private string Required(string path, string? fallback) =>
        Text(path) ?? fallback ?? throw new ProbeParseException(fileName, line, $"<{path}> in this <gpu>", null);

    private double? Number(string path, string unit)
    {
        if (Text(path) is not { } text)
        {
            return null;
        }

        var number = text.EndsWith(" " + unit, StringComparison.Ordinal) ? text[..^(unit.Length + 1)] : text;
        return ProbeText.TryDouble(number, out var value)
            ? value
            : throw new ProbeParseException(fileName, fields[path].Line, $"a number in {unit} for <{path}>", text);
    }

    private double? First(params ReadOnlySpan<(string Path, string Unit)> candidates)
    {
        foreach (var (path, unit) in candidates)
        {
            if (Number(path, unit) is { } value)
            {
                return value;
            }
        }

        return null;
    }

    private long? Count(string path) =>
        Text(path) is not { } text ? null
        : ProbeText.TryLong(text, out var value) && value >= 0 ? value
        : throw new ProbeParseException(fileName, fields[path].Line, $"a count for <{path}>", text);

    private bool? Flag(string path) => Text(path) switch
    {
        null => null,
        "Yes" or "Enabled" => true,
        "No" or "Disabled" => false,
        var other => throw new ProbeParseException(fileName, fields[path].Line, $"Yes/No or Enabled/Disabled for <{path}>", other),
    };

    // Newer drivers split ECC counts into SRAM and DRAM; older ones report single_bit/double_bit totals.
    private EccErrorCounts EccCounts(string scope) => new(
        Sum(scope, "sram_correctable", "dram_correctable", "single_bit/total"),
        Sum(scope, "sram_uncorrectable", "sram_uncorrectable_parity", "sram_uncorrectable_secded", "dram_uncorrectable", "double_bit/total"));

    private long? Sum(string scope, params ReadOnlySpan<string> names)
    {
        long? total = null;
        foreach (var name in names)
        {
            if (Count(scope + "/" + name) is { } count)
            {
                total = (total ?? 0) + count;
            }
        }

        return total;
    }
}

using System.Collections.Immutable;
using System.Globalization;

namespace ControlPlane.Probes.Smi;

/// <summary>A CSV column: "memory.total [MiB]" is Name memory.total, Unit MiB.</summary>
public sealed record QueryGpuColumn(string Name, string? Unit);

/// <summary>
/// One CSV row; cells have their unit stripped and N/A mapped to null, keyed by column name in the CSV's column order
/// (so the JSON of <c>cp-agent inspect query-csv</c> is the same on every run).
/// </summary>
public sealed record QueryGpuRow(IReadOnlyDictionary<string, string?> Cells)
{
    /// <exception cref="KeyNotFoundException">The query did not ask for <paramref name="column"/>.</exception>
    public string? Text(string column) => Cells[column];

    /// <exception cref="FormatException">The cell is not a number.</exception>
    public double? Number(string column) =>
        Text(column) is { } text ? double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture) : null;
}

/// <summary>The columns of <c>--query-gpu</c> that ControlPlane reads, typed; null where not queried or N/A.</summary>
public sealed record QueriedGpu(
    int? Index,
    string? Uuid,
    string? PciBusId,
    string? Name,
    string? ComputeCapability,
    string? DriverVersion,
    string? VbiosVersion,
    double? MemoryTotalMiB,
    double? MemoryUsedMiB,
    double? UtilizationGpuPercent,
    double? TemperatureGpuC,
    double? PowerDrawW,
    double? PowerLimitW,
    long? EccUncorrectedVolatileTotal,
    long? EccCorrectedVolatileTotal,
    string? ClockEventReasonsActive,
    string? PerformanceState);

/// <summary>The parsed output of <c>nvidia-smi --query-gpu=... --format=csv</c>.</summary>
public sealed record QueryGpuTable(
    ImmutableArray<QueryGpuColumn> Columns,
    ImmutableArray<QueryGpuRow> Rows,
    ImmutableArray<QueriedGpu> Gpus);

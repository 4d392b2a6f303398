using System.Collections.Immutable;
using System.Collections.ObjectModel;

namespace ControlPlane.Probes.Smi;

/// <summary>
/// Parses <c>nvidia-smi --query-gpu=... --format=csv</c> (with or without <c>nounits</c>/<c>noheader</c>
/// is not guessed: the header line is required, since it names the columns).
/// </summary>
public static class QueryGpuCsvParser
{
    private static readonly string[] NumberColumns =
    [
        "memory.total", "memory.used", "utilization.gpu", "temperature.gpu", "power.draw", "power.limit",
        "index", "ecc.errors.uncorrected.volatile.total", "ecc.errors.corrected.volatile.total",
    ];

    public static QueryGpuTable Parse(string text, string fileName = "<input>")
    {
        var lines = ProbeText.SplitLines(text);
        var index = ProbeText.SkipBlank(lines, 0);
        if (index == lines.Length)
        {
            throw new ProbeParseException(fileName, ProbeText.EndLine(lines), "a CSV header (index, uuid, ...)", null);
        }

        var columns = ParseHeader(lines[index], fileName, index + 1);
        var rows = ImmutableArray.CreateBuilder<QueryGpuRow>();
        var gpus = ImmutableArray.CreateBuilder<QueriedGpu>();
        for (index++; index < lines.Length; index++)
        {
            if (ProbeText.IsBlank(lines[index]))
            {
                continue;
            }

            var row = ParseRow(lines[index], columns, fileName, index + 1);
            rows.Add(row);
            gpus.Add(ToGpu(row, fileName, index + 1));
        }

        if (rows.Count == 0)
        {
            throw new ProbeParseException(fileName, ProbeText.EndLine(lines), "a row per GPU", null);
        }

        return new QueryGpuTable(columns, rows.ToImmutable(), gpus.ToImmutable());
    }

    private static ImmutableArray<QueryGpuColumn> ParseHeader(string line, string fileName, int lineNumber)
    {
        var columns = ImmutableArray.CreateBuilder<QueryGpuColumn>();
        foreach (var raw in line.Split(','))
        {
            var cell = raw.Trim();
            var bracket = cell.IndexOf(" [", StringComparison.Ordinal);
            var name = bracket < 0 ? cell : cell[..bracket];
            string? unit = bracket < 0 || !cell.EndsWith(']') ? null : cell[(bracket + 2)..^1];
            var validName = name.Length > 0 && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '_');
            if (!validName || (bracket >= 0 && unit is null) || columns.Any(c => c.Name == name))
            {
                throw new ProbeParseException(fileName, lineNumber, "a query column name (memory.total [MiB])", cell);
            }

            columns.Add(new QueryGpuColumn(name, unit));
        }

        return columns.ToImmutable();
    }

    private static QueryGpuRow ParseRow(string line, ImmutableArray<QueryGpuColumn> columns, string fileName, int lineNumber)
    {
        var cells = line.Split(',');
        if (cells.Length != columns.Length)
        {
            throw new ProbeParseException(fileName, lineNumber, $"{columns.Length} comma-separated values", line);
        }

        var values = new OrderedDictionary<string, string?>(cells.Length, StringComparer.Ordinal);
        for (var c = 0; c < cells.Length; c++)
        {
            var cell = cells[c].Trim();
            var unit = columns[c].Unit;
            if (unit is not null && cell.EndsWith(" " + unit, StringComparison.Ordinal))
            {
                cell = cell[..^(unit.Length + 1)];
            }

            values[columns[c].Name] = ProbeText.IsNotAvailable(cell) ? null : cell;
        }

        foreach (var column in NumberColumns)
        {
            if (values.TryGetValue(column, out var value) && value is not null && !ProbeText.TryDouble(value, out _))
            {
                throw new ProbeParseException(fileName, lineNumber, $"a number for {column}", value);
            }
        }

        if (values.TryGetValue("pstate", out var pstate) && pstate is not null
            && !(pstate.StartsWith('P') && ProbeText.TryInt(pstate[1..], out _)))
        {
            throw new ProbeParseException(fileName, lineNumber, "a performance state (P0..P15)", pstate);
        }

        return new QueryGpuRow(new ReadOnlyDictionary<string, string?>(values));
    }

    private static QueriedGpu ToGpu(QueryGpuRow row, string fileName, int lineNumber)
    {
        string? Text(string column) => row.Cells.GetValueOrDefault(column);
        double? Number(string column) => row.Cells.ContainsKey(column) ? row.Number(column) : null;
        long? Count(string column) =>
            Text(column) is { } text
                ? ProbeText.TryLong(text, out var count) ? count : throw new ProbeParseException(fileName, lineNumber, $"a whole number for {column}", text)
                : null;

        return new QueriedGpu(
            Index: (int?)Count("index"),
            Uuid: Text("uuid"),
            PciBusId: Text("pci.bus_id"),
            Name: Text("name"),
            ComputeCapability: Text("compute_cap"),
            DriverVersion: Text("driver_version"),
            VbiosVersion: Text("vbios_version"),
            MemoryTotalMiB: Number("memory.total"),
            MemoryUsedMiB: Number("memory.used"),
            UtilizationGpuPercent: Number("utilization.gpu"),
            TemperatureGpuC: Number("temperature.gpu"),
            PowerDrawW: Number("power.draw"),
            PowerLimitW: Number("power.limit"),
            EccUncorrectedVolatileTotal: Count("ecc.errors.uncorrected.volatile.total"),
            EccCorrectedVolatileTotal: Count("ecc.errors.corrected.volatile.total"),
            // Drivers since 535 print the older name "clocks_throttle_reasons" as "clocks_event_reasons".
            ClockEventReasonsActive: Text("clocks_event_reasons.active") ?? Text("clocks_throttle_reasons.active"),
            PerformanceState: Text("pstate"));
    }
}

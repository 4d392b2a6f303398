using System.Collections.Immutable;

namespace ControlPlane.Probes.Perf;

/// <summary>
/// Parses <c>ib_write_bw</c> (perftest). Result rows are the lines of five numbers; each takes its
/// bandwidth unit from the nearest "#bytes ... BW average[Gb/sec]" header above it.
/// </summary>
public static class IbWriteBwParser
{
    private const string ExpectedRow = "a result row (#bytes #iterations BW peak BW average MsgRate)";

    public static IbWriteBwReport Parse(string text, string fileName = "<input>")
    {
        var lines = ProbeText.SplitLines(text);
        var rows = ImmutableArray.CreateBuilder<IbWriteBwRow>();
        string? unit = null;
        string? device = null;
        string? linkType = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.StartsWith("#bytes", StringComparison.Ordinal))
            {
                unit = line.Contains("[Gb/sec]", StringComparison.Ordinal) ? "Gb/sec" : "MB/sec";
                continue;
            }

            device ??= ValueAfter(line, "Device");
            linkType ??= ValueAfter(line, "Link type");
            if (line.Length == 0 || !char.IsAsciiDigit(line[0]))
            {
                continue;
            }

            if (unit is null)
            {
                throw new ProbeParseException(fileName, i + 1, "the '#bytes #iterations ...' header before results", line);
            }

            rows.Add(ParseRow(line, unit, fileName, i + 1));
        }

        if (rows.Count == 0)
        {
            throw new ProbeParseException(fileName, ProbeText.EndLine(lines), ExpectedRow, null);
        }

        return new IbWriteBwReport(device, linkType, rows.ToImmutable());
    }

    private static IbWriteBwRow ParseRow(string line, string unit, string fileName, int lineNumber)
    {
        var cells = ProbeText.Tokens(line);
        if (cells.Length != 5
            || !ProbeText.TryLong(cells[0], out var bytes)
            || !ProbeText.TryLong(cells[1], out var iterations)
            || !ProbeText.TryDouble(cells[2], out var peak)
            || !ProbeText.TryDouble(cells[3], out var average)
            || !ProbeText.TryDouble(cells[4], out var rate))
        {
            throw new ProbeParseException(fileName, lineNumber, ExpectedRow, line);
        }

        return new IbWriteBwRow(bytes, iterations, peak, average, unit, rate);
    }

    // " Dual-port       : OFF          Device         : mlx5_1" holds two settings per line.
    private static string? ValueAfter(string line, string key)
    {
        var at = line.IndexOf(key, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var rest = line[(at + key.Length)..].TrimStart();
        return rest.StartsWith(':') ? ProbeText.Tokens(rest[1..]).FirstOrDefault() : null;
    }
}

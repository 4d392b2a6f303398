using System.Collections.Immutable;
using ControlPlane.Wire.Topology;

namespace ControlPlane.Probes.Topology;

/// <summary>
/// Parses <c>nvidia-smi topo -m</c>: tab-separated as printed (ANSI codes and empty cells included)
/// or retyped with single spaces, with or without the NUMA columns, the Legend and the NIC Legend.
/// </summary>
public static class TopologyParser
{
    private const string CpuAffinity = "CPU Affinity";
    private const string NumaAffinity = "NUMA Affinity";
    private const string GpuNumaId = "GPU NUMA ID";
    private const string ExpectedLinkKind = "a link kind (X, NV#, PIX, PXB, PHB, NODE, SYS)";
    private const string ExpectedHeaderCell =
        "a device (GPU#, NIC#, mlx5_#) or a column title (CPU Affinity, NUMA Affinity, GPU NUMA ID)";

    public static TopologyMatrix Parse(string text, string fileName = "<input>")
    {
        var lines = ProbeText.SplitLines(text);
        var index = ProbeText.SkipBlank(lines, 0);
        if (index == lines.Length)
        {
            throw new ProbeParseException(fileName, ProbeText.EndLine(lines), "the topology header (GPU0 ...)", null);
        }

        var (devices, titles) = ParseHeader(Clean(lines[index]), fileName, index + 1);
        index++;

        var rows = ImmutableArray.CreateBuilder<TopologyDevice>(devices.Count);
        for (var row = 0; row < devices.Count; row++)
        {
            index = ProbeText.SkipBlank(lines, index);
            if (index == lines.Length)
            {
                throw new ProbeParseException(fileName, ProbeText.EndLine(lines), $"a row for {devices[row]}", null);
            }

            rows.Add(ParseRow(Clean(lines[index]), row, devices, titles, fileName, index + 1));
            index++;
        }

        var (legend, nicLegend) = TopologyLegendParser.Parse(lines, index, devices.Where(IsNic).ToList(), fileName);
        return new TopologyMatrix(
            [.. devices.Where(d => !IsNic(d))],
            [.. devices.Where(IsNic)],
            rows.MoveToImmutable(),
            nicLegend,
            legend);
    }

    internal static string Clean(string line) => ProbeText.StripAnsi(line);

    private static (List<string> Devices, List<string> Titles) ParseHeader(string line, string fileName, int lineNumber)
    {
        var words = ProbeText.Tokens(line);
        var devices = new List<string>();
        var titles = new List<string>();
        for (var w = 0; w < words.Length; w++)
        {
            var title = MatchTitle(words, w);
            if (title is not null)
            {
                titles.Add(title);
                w += title.Count(c => c == ' ');
                continue;
            }

            if (titles.Count > 0 || !IsDeviceName(words[w]) || devices.Contains(words[w]))
            {
                throw new ProbeParseException(fileName, lineNumber, ExpectedHeaderCell, words[w]);
            }

            devices.Add(words[w]);
        }

        if (!devices.Any(d => !IsNic(d)))
        {
            throw new ProbeParseException(fileName, lineNumber, "the topology header (GPU0 ...)", line.Trim());
        }

        return (devices, titles);
    }

    // Column titles contain spaces, and retyped seeds separate columns by single spaces too.
    private static string? MatchTitle(string[] words, int at)
    {
        foreach (var title in (ReadOnlySpan<string>)[CpuAffinity, NumaAffinity, GpuNumaId])
        {
            var parts = title.Split(' ');
            if (at + parts.Length <= words.Length && parts.AsSpan().SequenceEqual(words.AsSpan(at, parts.Length)))
            {
                return title;
            }
        }

        return null;
    }

    private static TopologyDevice ParseRow(
        string line, int row, List<string> devices, List<string> titles, string fileName, int lineNumber)
    {
        var cells = ProbeText.Tokens(line);
        var device = devices[row];
        if (cells[0] != device)
        {
            throw new ProbeParseException(fileName, lineNumber, $"a row for {device}", cells[0]);
        }

        var links = ImmutableArray.CreateBuilder<PeerLink>(devices.Count);
        for (var column = 0; column < devices.Count; column++)
        {
            var cell = 1 + column < cells.Length ? cells[1 + column] : "";
            if (!TopologyLink.TryParse(cell, out var link))
            {
                throw new ProbeParseException(fileName, lineNumber, ExpectedLinkKind, cell);
            }

            if ((link.Kind == LinkKind.Self) != (column == row))
            {
                var expected = column == row ? $"X where {device} meets itself" : $"a link from {device} to {devices[column]}";
                throw new ProbeParseException(fileName, lineNumber, expected, cell);
            }

            links.Add(new PeerLink(devices[column], link));
        }

        var values = cells[(1 + devices.Count)..];
        var isNic = IsNic(device);
        if (values.Length != titles.Count && !(isNic && values.Length == 0))
        {
            var expected = values.Length < titles.Count ? $"a {titles[values.Length]} value" : "the end of the row";
            var found = values.Length < titles.Count ? "" : values[titles.Count];
            throw new ProbeParseException(fileName, lineNumber, expected, found);
        }

        string? Value(string title)
        {
            var at = titles.IndexOf(title);
            return at < 0 || at >= values.Length || ProbeText.IsNotAvailable(values[at]) ? null : values[at];
        }

        int? gpuNumaId = null;
        var gpuNuma = Value(GpuNumaId);
        if (gpuNuma is not null)
        {
            gpuNumaId = ProbeText.TryInt(gpuNuma, out var id)
                ? id
                : throw new ProbeParseException(fileName, lineNumber, "a GPU NUMA ID (a number or N/A)", gpuNuma);
        }

        return new TopologyDevice(
            device,
            isNic ? DeviceKind.Nic : DeviceKind.Gpu,
            links.MoveToImmutable(),
            Value(CpuAffinity),
            Value(NumaAffinity),
            gpuNumaId);
    }

    private static bool IsDeviceName(string word) =>
        HasNumberAfter(word, "GPU") || HasNumberAfter(word, "NIC")
        || (word.StartsWith("mlx", StringComparison.Ordinal) && word.Contains('_', StringComparison.Ordinal));

    private static bool IsNic(string device) => !HasNumberAfter(device, "GPU");

    private static bool HasNumberAfter(string word, string prefix) =>
        word.Length > prefix.Length
        && word.StartsWith(prefix, StringComparison.Ordinal)
        && word.AsSpan(prefix.Length).ContainsAnyExceptInRange('0', '9') == false;
}

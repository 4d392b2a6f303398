using System.Collections.Immutable;

namespace ControlPlane.Probes.Topology;

/// <summary>The blocks under a topology matrix: "Legend:" (SYMBOL = meaning) and "NIC Legend:" (NIC#: device).</summary>
internal static class TopologyLegendParser
{
    private enum Block
    {
        None,
        Legend,
        NicLegend,
    }

    public static (ImmutableArray<LegendEntry> Legend, ImmutableArray<NicLegendEntry> NicLegend) Parse(
        string[] lines, int index, List<string> nics, string fileName)
    {
        var legend = ImmutableArray.CreateBuilder<LegendEntry>();
        var nicLegend = ImmutableArray.CreateBuilder<NicLegendEntry>();
        var block = Block.None;
        var sawNicLegend = false;
        for (; index < lines.Length; index++)
        {
            var line = TopologyParser.Clean(lines[index]).Trim();
            var lineNumber = index + 1;
            if (line.Length == 0)
            {
                continue;
            }

            if (line == "Legend:")
            {
                block = Block.Legend;
                continue;
            }

            if (line == "NIC Legend:")
            {
                block = Block.NicLegend;
                sawNicLegend = true;
                continue;
            }

            switch (block)
            {
                case Block.Legend:
                    var equals = line.IndexOf('=', StringComparison.Ordinal);
                    if (equals <= 0)
                    {
                        throw new ProbeParseException(fileName, lineNumber, "a legend entry (SYMBOL = meaning)", line);
                    }

                    legend.Add(new LegendEntry(line[..equals].Trim(), line[(equals + 1)..].Trim()));
                    break;
                case Block.NicLegend:
                    nicLegend.Add(ParseNicEntry(line, nics, nicLegend, fileName, lineNumber));
                    break;
                default:
                    throw new ProbeParseException(fileName, lineNumber, "'Legend:', 'NIC Legend:' or the end of the matrix", line);
            }
        }

        if (sawNicLegend)
        {
            var missing = nics.FirstOrDefault(nic => !nicLegend.Any(e => e.Nic == nic));
            if (missing is not null)
            {
                throw new ProbeParseException(fileName, ProbeText.EndLine(lines), $"a NIC legend entry for {missing}", null);
            }
        }

        return (legend.ToImmutable(), nicLegend.ToImmutable());
    }

    private static NicLegendEntry ParseNicEntry(
        string line, List<string> nics, ImmutableArray<NicLegendEntry>.Builder seen, string fileName, int lineNumber)
    {
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            throw new ProbeParseException(fileName, lineNumber, "a NIC legend entry (NIC#: device)", line);
        }

        var nic = line[..colon].Trim();
        var device = line[(colon + 1)..].Trim();
        if (!nics.Contains(nic) || seen.Any(e => e.Nic == nic))
        {
            throw new ProbeParseException(fileName, lineNumber, "a NIC column of the matrix listed once", nic);
        }

        if (device.Length == 0 || device.Contains(' ', StringComparison.Ordinal))
        {
            throw new ProbeParseException(fileName, lineNumber, $"the device name of {nic}", device);
        }

        return new NicLegendEntry(nic, device);
    }
}

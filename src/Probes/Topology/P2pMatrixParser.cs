using System.Collections.Immutable;

namespace ControlPlane.Probes.Topology;

/// <summary>Parses <c>nvidia-smi topo -p2p r</c> (and w, n, a, p): a GPU×GPU matrix of OK/CNS/GNS/TNS/NS/U, then a legend.</summary>
public static class P2pMatrixParser
{
    private const string ExpectedStatus = "a P2P status (X, OK, CNS, GNS, TNS, NS, U)";

    public static P2pMatrix Parse(string text, string fileName = "<input>")
    {
        var lines = ProbeText.SplitLines(text);
        var index = ProbeText.SkipBlank(lines, 0);
        if (index == lines.Length)
        {
            throw new ProbeParseException(fileName, ProbeText.EndLine(lines), "the P2P header (GPU0 ...)", null);
        }

        var gpus = ProbeText.Tokens(ProbeText.StripAnsi(lines[index]));
        var badTitle = gpus.FirstOrDefault(g => !g.StartsWith("GPU", StringComparison.Ordinal) || !ProbeText.TryInt(g[3..], out _));
        if (badTitle is not null)
        {
            throw new ProbeParseException(fileName, index + 1, "a GPU column title (GPU#)", badTitle);
        }

        index++;
        var rows = ImmutableArray.CreateBuilder<P2pRow>(gpus.Length);
        for (var row = 0; row < gpus.Length; row++, index++)
        {
            if (index >= lines.Length || ProbeText.IsBlank(lines[index]))
            {
                var found = index >= lines.Length ? null : "";
                throw new ProbeParseException(fileName, Math.Min(index + 1, ProbeText.EndLine(lines)), $"a row for {gpus[row]}", found);
            }

            rows.Add(ParseRow(ProbeText.Tokens(ProbeText.StripAnsi(lines[index])), row, gpus, fileName, index + 1));
        }

        // The legend that follows is fixed text; nothing in it varies per host.
        return new P2pMatrix([.. gpus], rows.MoveToImmutable());
    }

    private static P2pRow ParseRow(string[] cells, int row, string[] gpus, string fileName, int lineNumber)
    {
        if (cells[0] != gpus[row])
        {
            throw new ProbeParseException(fileName, lineNumber, $"a row for {gpus[row]}", cells[0]);
        }

        if (cells.Length > gpus.Length + 1)
        {
            throw new ProbeParseException(fileName, lineNumber, "the end of the row", cells[gpus.Length + 1]);
        }

        var peers = ImmutableArray.CreateBuilder<P2pStatus>(gpus.Length);
        for (var column = 0; column < gpus.Length; column++)
        {
            var cell = column + 1 < cells.Length ? cells[column + 1] : "";
            P2pStatus? status = cell switch
            {
                "X" => P2pStatus.Self,
                "OK" => P2pStatus.Ok,
                "CNS" => P2pStatus.ChipsetNotSupported,
                "GNS" => P2pStatus.GpuNotSupported,
                "TNS" => P2pStatus.TopologyNotSupported,
                "NS" => P2pStatus.NotSupported,
                "U" => P2pStatus.Unknown,
                _ => null,
            };
            if (status is null || (status == P2pStatus.Self) != (column == row))
            {
                throw new ProbeParseException(fileName, lineNumber, ExpectedStatus, cell);
            }

            peers.Add(status.Value);
        }

        return new P2pRow(gpus[row], peers.MoveToImmutable());
    }
}

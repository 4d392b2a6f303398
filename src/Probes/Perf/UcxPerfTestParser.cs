namespace ControlPlane.Probes.Perf;

/// <summary>Parses the last "Final:" line of <c>ucx_perftest</c>; the table above it only repeats progress.</summary>
public static class UcxPerfTestParser
{
    private const string Expected = "'Final:' followed by 8 numbers";

    public static UcxPerfResult Parse(string text, string fileName = "<input>")
    {
        var lines = ProbeText.SplitLines(text);
        var at = Array.FindLastIndex(lines, l => l.TrimStart().StartsWith("Final:", StringComparison.Ordinal));
        if (at < 0)
        {
            throw new ProbeParseException(fileName, ProbeText.EndLine(lines), Expected, null);
        }

        var cells = ProbeText.Tokens(lines[at].Trim()["Final:".Length..]);
        var numbers = new double[8];
        if (cells.Length != 8 || !ProbeText.TryLong(cells[0], out var iterations))
        {
            throw new ProbeParseException(fileName, at + 1, Expected, lines[at].Trim());
        }

        for (var n = 0; n < 8; n++)
        {
            if (!ProbeText.TryDouble(cells[n], out numbers[n]))
            {
                throw new ProbeParseException(fileName, at + 1, Expected, cells[n]);
            }
        }

        return new UcxPerfResult(iterations, numbers[1], numbers[2], numbers[3], numbers[4], numbers[5], numbers[6], numbers[7]);
    }
}

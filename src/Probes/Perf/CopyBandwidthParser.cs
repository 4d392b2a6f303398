using System.Collections.Immutable;

namespace ControlPlane.Probes.Perf;

/// <summary>Parses <c>p2p-bw.txt</c>: only "RESULT &lt;kind&gt; &lt;src&gt;-&gt;&lt;dst&gt; GBps=&lt;n&gt;" lines count; the rest is context.</summary>
public static class CopyBandwidthParser
{
    private const string Expected = "'RESULT <kind> <source>-><destination> GBps=<number>'";

    public static CopyBandwidthReport Parse(string text, string fileName = "<input>")
    {
        var lines = ProbeText.SplitLines(text);
        var results = ImmutableArray.CreateBuilder<CopyBandwidth>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("RESULT", StringComparison.Ordinal))
            {
                continue;
            }

            var words = ProbeText.Tokens(lines[i]);
            var arrow = words.Length == 4 ? words[2].IndexOf("->", StringComparison.Ordinal) : -1;
            if (words.Length != 4 || arrow <= 0 || arrow + 2 >= words[2].Length
                || !words[3].StartsWith("GBps=", StringComparison.Ordinal)
                || !ProbeText.TryDouble(words[3][5..], out var gbps))
            {
                throw new ProbeParseException(fileName, i + 1, Expected, lines[i].Trim());
            }

            results.Add(new CopyBandwidth(words[1], words[2][..arrow], words[2][(arrow + 2)..], gbps));
        }

        if (results.Count == 0)
        {
            throw new ProbeParseException(fileName, ProbeText.EndLine(lines), Expected, null);
        }

        return new CopyBandwidthReport(results.ToImmutable());
    }
}

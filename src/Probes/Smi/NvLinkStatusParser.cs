using System.Collections.Immutable;

namespace ControlPlane.Probes.Smi;

/// <summary>Parses <c>nvidia-smi nvlink -s</c>: a GPU line, then "Link N: 26.562 GB/s" or "Link N: &lt;inactive&gt;" lines.</summary>
public static class NvLinkStatusParser
{
    private const string ExpectedLink = "a link line (Link <n>: <speed> GB/s or <inactive>)";

    public static NvLinkStatus Parse(string text, string fileName = "<input>")
    {
        var lines = ProbeText.SplitLines(text);
        var gpus = ImmutableArray.CreateBuilder<NvLinkGpu>();
        (int Index, string Name, string Uuid)? current = null;
        var links = ImmutableArray.CreateBuilder<NvLinkLane>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (GpuLine.TryParse(line, out var index, out var name, out var uuid))
            {
                Flush();
                current = (index, name, uuid);
                continue;
            }

            if (current is null)
            {
                throw new ProbeParseException(fileName, i + 1, GpuLine.Expected, line);
            }

            links.Add(ParseLink(line, fileName, i + 1));
        }

        Flush();
        if (gpus.Count == 0)
        {
            throw new ProbeParseException(fileName, ProbeText.EndLine(lines), GpuLine.Expected, null);
        }

        return new NvLinkStatus(gpus.ToImmutable());

        void Flush()
        {
            if (current is { } gpu)
            {
                gpus.Add(new NvLinkGpu(gpu.Index, gpu.Name, gpu.Uuid, links.ToImmutable()));
                links.Clear();
            }
        }
    }

    private static NvLinkLane ParseLink(string line, string fileName, int lineNumber)
    {
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        if (!line.StartsWith("Link ", StringComparison.Ordinal) || colon < 0
            || !ProbeText.TryInt(line[5..colon].Trim(), out var link))
        {
            throw new ProbeParseException(fileName, lineNumber, ExpectedLink, line);
        }

        var speed = line[(colon + 1)..].Trim();
        if (speed.Contains("inactive", StringComparison.OrdinalIgnoreCase))
        {
            return new NvLinkLane(link, null);
        }

        if (!speed.EndsWith(" GB/s", StringComparison.Ordinal) || !ProbeText.TryDouble(speed[..^5], out var gbps))
        {
            throw new ProbeParseException(fileName, lineNumber, "a link speed (<number> GB/s or <inactive>)", speed);
        }

        return new NvLinkLane(link, gbps);
    }
}

using System.Collections.Immutable;

namespace ControlPlane.Probes.Smi;

/// <summary>
/// Parses <c>nvidia-smi -L</c>. MIG device lines (indented "MIG ...") are skipped: placement works on
/// whole GPUs. Lines starting with '#' name the capture that follows (one per pod in field reports).
/// </summary>
public static class GpuListParser
{
    public static GpuList Parse(string text, string fileName = "<input>")
    {
        var lines = ProbeText.SplitLines(text);
        var gpus = ImmutableArray.CreateBuilder<ListedGpu>();
        string? section = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith("MIG ", StringComparison.Ordinal))
            {
                continue;
            }

            if (line.StartsWith('#'))
            {
                section = line.TrimStart('#').Trim();
                continue;
            }

            if (!GpuLine.TryParse(line, out var index, out var name, out var uuid))
            {
                throw new ProbeParseException(fileName, i + 1, GpuLine.Expected, line);
            }

            gpus.Add(new ListedGpu(index, name, uuid, section));
        }

        if (gpus.Count == 0)
        {
            throw new ProbeParseException(fileName, ProbeText.EndLine(lines), GpuLine.Expected, null);
        }

        return new GpuList(gpus.ToImmutable());
    }
}

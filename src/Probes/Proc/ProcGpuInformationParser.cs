using System.Collections.Immutable;

namespace ControlPlane.Probes.Proc;

/// <summary>
/// Parses <c>/proc/driver/nvidia/gpus/*/information</c>: "Key: value" lines, one file per GPU, files
/// joined with "== path" lines (as <c>head</c> or the agent prints them). Every block must carry
/// the eight fields placement and health read; a block missing one is an incomplete capture.
/// </summary>
public static class ProcGpuInformationParser
{
    private static readonly string[] RequiredKeys =
        ["Model", "IRQ", "GPU UUID", "Video BIOS", "Bus Type", "DMA Size", "Bus Location", "Device Minor"];

    public static ProcGpuInformationList Parse(string text, string fileName = "<input>")
    {
        var lines = ProbeText.SplitLines(text);
        var gpus = ImmutableArray.CreateBuilder<ProcGpuInformation>();
        Dictionary<string, (string Value, int Line)>? block = null;
        string? path = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith("==", StringComparison.Ordinal))
            {
                Flush(i + 1);
                path = line.Trim('=', ' ');
                block = [];
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new ProbeParseException(fileName, i + 1, "a 'Key: value' line or an '== path' separator", line);
            }

            block ??= [];
            var key = line[..colon].Trim();
            if (!block.TryAdd(key, (line[(colon + 1)..].Trim(), i + 1)))
            {
                throw new ProbeParseException(fileName, i + 1, $"one '{key}' per GPU (missing '== path' separator?)", line);
            }
        }

        Flush(ProbeText.EndLine(lines));
        if (gpus.Count == 0)
        {
            throw new ProbeParseException(fileName, ProbeText.EndLine(lines), "a GPU information block (Model: ...)", null);
        }

        return new ProcGpuInformationList(gpus.ToImmutable());

        void Flush(int nextLine)
        {
            if (block is not null)
            {
                gpus.Add(ToInformation(path, block, fileName, nextLine));
                block = null;
            }
        }
    }

    private static ProcGpuInformation ToInformation(
        string? path, Dictionary<string, (string Value, int Line)> block, string fileName, int endLine)
    {
        foreach (var key in RequiredKeys)
        {
            if (!block.TryGetValue(key, out var field) || field.Value.Length == 0)
            {
                throw new ProbeParseException(fileName, endLine, $"'{key}:' in the GPU block for {path ?? "this GPU"}", null);
            }
        }

        int Integer(string key, string? unit = null)
        {
            var (value, line) = block[key];
            var number = unit is not null && value.EndsWith(" " + unit, StringComparison.Ordinal) ? value[..^(unit.Length + 1)] : value;
            return ProbeText.TryInt(number, out var result)
                ? result
                : throw new ProbeParseException(fileName, line, $"a number for '{key}'", value);
        }

        string? Optional(string key) => block.TryGetValue(key, out var field) ? field.Value : null;

        return new ProcGpuInformation(
            path,
            block["Model"].Value,
            Integer("IRQ"),
            block["GPU UUID"].Value,
            block["Video BIOS"].Value,
            block["Bus Type"].Value,
            Integer("DMA Size", "bits"),
            Integer("Device Minor"),
            block["Bus Location"].Value,
            Optional("DMA Mask"),
            Optional("GPU Firmware"),
            Optional("GPU Excluded") switch
            {
                "Yes" => true,
                "No" => false,
                _ => null,
            });
    }
}

namespace ControlPlane.Probes.Smi;

/// <summary>Reads the "GPU 0: NVIDIA H200 (UUID: GPU-...)" line that opens <c>-L</c> and <c>nvlink -s</c> blocks.</summary>
internal static class GpuLine
{
    public const string Expected = "a GPU line (GPU <index>: <name> (UUID: GPU-...))";

    public static bool TryParse(string line, out int index, out string name, out string uuid)
    {
        index = 0;
        name = uuid = "";
        var text = line.Trim();
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var open = text.LastIndexOf("(UUID: ", StringComparison.Ordinal);
        if (!text.StartsWith("GPU ", StringComparison.Ordinal) || colon < 0 || open < colon || !text.EndsWith(')'))
        {
            return false;
        }

        name = text[(colon + 1)..open].Trim();
        uuid = text[(open + "(UUID: ".Length)..^1].Trim();
        return ProbeText.TryInt(text[4..colon], out index)
            && index >= 0
            && name.Length > 0
            && uuid.StartsWith("GPU-", StringComparison.Ordinal)
            && uuid.Length > 4
            && !uuid.Contains(' ', StringComparison.Ordinal);
    }
}

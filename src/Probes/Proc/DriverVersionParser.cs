namespace ControlPlane.Probes.Proc;

/// <summary>Parses <c>/proc/driver/nvidia/version</c>: "NVRM version: NVIDIA UNIX [Open ]Kernel Module for x86_64  580.159.04  Release Build ...".</summary>
public static class DriverVersionParser
{
    private const string NvrmPrefix = "NVRM version:";

    public static NvidiaDriverVersion Parse(string text, string fileName = "<input>")
    {
        var lines = ProbeText.SplitLines(text);
        var nvrm = Array.FindIndex(lines, l => l.TrimStart().StartsWith(NvrmPrefix, StringComparison.Ordinal));
        if (nvrm < 0)
        {
            var first = ProbeText.SkipBlank(lines, 0);
            throw new ProbeParseException(
                fileName, first < lines.Length ? first + 1 : ProbeText.EndLine(lines), "an 'NVRM version:' line", first < lines.Length ? lines[first].Trim() : null);
        }

        var words = ProbeText.Tokens(lines[nvrm].Trim()[NvrmPrefix.Length..]);
        var version = words.FirstOrDefault(IsVersion)
            ?? throw new ProbeParseException(fileName, nvrm + 1, "a driver version (580.159.04)", lines[nvrm].Trim());
        var forAt = Array.IndexOf(words, "for");
        var gcc = lines.FirstOrDefault(l => l.TrimStart().StartsWith("GCC version:", StringComparison.Ordinal));
        return new NvidiaDriverVersion(
            version,
            OpenKernelModule: words.Contains("Open"),
            Architecture: forAt >= 0 && forAt + 1 < words.Length && words[forAt + 1] != version ? words[forAt + 1] : null,
            GccVersion: gcc?.Trim()["GCC version:".Length..].Trim().Replace("gcc version ", "", StringComparison.Ordinal));
    }

    // 580.159.04 or 470.42: dot-separated numbers, at least two parts.
    internal static bool IsVersion(string word)
    {
        var parts = word.Split('.');
        return parts.Length >= 2 && parts.All(p => p.Length > 0 && p.All(char.IsAsciiDigit));
    }
}

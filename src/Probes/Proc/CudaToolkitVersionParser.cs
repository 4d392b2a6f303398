namespace ControlPlane.Probes.Proc;

/// <summary>Parses <c>nvcc --version</c>: "Cuda compilation tools, release 13.0, V13.0.88" and the "Build ..." line.</summary>
public static class CudaToolkitVersionParser
{
    private const string Expected = "'Cuda compilation tools, release <x.y>, V<x.y.z>'";

    public static CudaToolkitVersion Parse(string text, string fileName = "<input>")
    {
        var lines = ProbeText.SplitLines(text);
        var at = Array.FindIndex(lines, l => l.TrimStart().StartsWith("Cuda compilation tools", StringComparison.Ordinal));
        if (at < 0)
        {
            throw new ProbeParseException(fileName, ProbeText.EndLine(lines), Expected, null);
        }

        var parts = lines[at].Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != 3
            || !parts[1].StartsWith("release ", StringComparison.Ordinal)
            || !DriverVersionParser.IsVersion(parts[1]["release ".Length..])
            || !parts[2].StartsWith('V')
            || !DriverVersionParser.IsVersion(parts[2][1..]))
        {
            throw new ProbeParseException(fileName, at + 1, Expected, lines[at].Trim());
        }

        var build = lines.Skip(at + 1).FirstOrDefault(l => l.StartsWith("Build ", StringComparison.Ordinal));
        return new CudaToolkitVersion(parts[1]["release ".Length..], parts[2][1..], build?["Build ".Length..].Trim());
    }
}

namespace ControlPlane.Diagnostics.Nccl.Parsing;

/// <summary>
/// Non-NCCL lines that still help: launcher prefixes that map pids to ranks
/// (<c>(VllmWorker rank=1 pid=200)</c>) and the unsupported-GPU messages of PyTorch.
/// </summary>
internal static class LauncherLineParser
{
    private const string VllmWorker = "(VllmWorker rank=";

    public static void Parse(LineContext line, ScanFacts facts)
    {
        var text = line.Text;
        var worker = text.IndexOf(VllmWorker, StringComparison.Ordinal);
        if (worker >= 0)
        {
            var rest = text[(worker + VllmWorker.Length)..];
            if (SpanText.TryLeadingInt(rest, out var rank) && SpanText.TryIntAfter(rest, " pid=", out var pid))
            {
                facts.AddPidRank(pid, rank);
            }

            return;
        }

        if (text.Contains("no kernel image is available", StringComparison.Ordinal)
            || text.Contains("is not compatible with the current PyTorch installation", StringComparison.Ordinal))
        {
            facts.AddComputeCapability(line);
        }
    }
}

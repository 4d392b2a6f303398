using ControlPlane.Tests.Shared;

namespace ControlPlane.Diagnostics.Tests.Nccl;

/// <summary>The real NCCL captures, and logs derived from their lines for cases no capture shows.</summary>
internal static class NcclFixtures
{
    public const string Default = "nccl/h200x2-allreduce-default.log";
    public const string P2pDisabled = "nccl/h200x2-allreduce-p2p-disabled.log";
    public const string Watchdog = "nccl/h200x2-watchdog-timeout.log";
    public const string CudaFailure5090 = "seeds/nccl-debug-2x5090-cuda-failure.log";
    public const string VllmCrash5090 = "seeds/vllm-worker-crash-2x5090.log";

    public static LogSource Source(string fixture) => new(fixture, FixtureFiles.Read(fixture));

    public static NcclDiagnosis Diagnose(string fixture, NodeContext? context = null) =>
        NcclLogDiagnoser.Diagnose([Source(fixture)], context);

    /// <summary>Replaces text only inside the <c>---- rank N</c> section (to the next section or the end).</summary>
    public static string ReplaceInSection(string text, int rank, string oldValue, string newValue)
    {
        var start = text.IndexOf($"---- rank {rank}\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"fixture has no rank {rank} section");
        var end = text.IndexOf("---- rank ", start + 10, StringComparison.Ordinal);
        end = end < 0 ? text.Length : end;
        var section = text[start..end];
        Assert.Contains(oldValue, section, StringComparison.Ordinal);
        return text[..start] + section.Replace(oldValue, newValue, StringComparison.Ordinal) + text[end..];
    }

    public static string ReplaceAll(string text, string oldValue, string newValue)
    {
        Assert.Contains(oldValue, text, StringComparison.Ordinal);
        return text.Replace(oldValue, newValue, StringComparison.Ordinal);
    }

    /// <summary>Every evidence item quotes the line it points at, and that line contains <paramref name="expected"/>.</summary>
    public static void AssertEvidenceAt(string text, Finding finding, string expected)
    {
        var lines = text.Split('\n');
        Assert.NotEmpty(finding.Evidence);
        foreach (var e in finding.Evidence)
        {
            var line = lines[e.Line - 1].TrimEnd('\r');
            Assert.StartsWith(e.Text, line, StringComparison.Ordinal);
        }

        Assert.Contains(finding.Evidence, e => lines[e.Line - 1].Contains(expected, StringComparison.Ordinal));
    }

    public static Finding Single(NcclDiagnosis diagnosis, string code) => Assert.Single(diagnosis.Findings, f => f.Code == code);
}

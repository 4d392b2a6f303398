using ControlPlane.Tests.Shared;
using static ControlPlane.Diagnostics.Tests.Nccl.NcclFixtures;

namespace ControlPlane.Diagnostics.Tests.Nccl.EnvSettings;

/// <summary>Logs for the environment rules, derived from the real captures' lines with one setting or path changed.</summary>
internal static class EnvironmentLogs
{
    /// <summary>The one setting every rank of the default run prints (NCCL_NVLS_ENABLE=0): replaced to set another.</summary>
    public const string NvlsLine = "NCCL_NVLS_ENABLE set by environment to 0.";

    public const string P2pDisableLine = "NCCL_P2P_DISABLE set by environment to 1";

    /// <summary>The default run (NVLink, one host) with <paramref name="setting"/> printed by every rank instead of NVLS.</summary>
    public static string DefaultWith(string setting) => ReplaceAll(FixtureFiles.Read(Default), NvlsLine, setting);

    /// <summary>The NCCL_P2P_DISABLE run (SHM) with <paramref name="setting"/> in NCCL_P2P_DISABLE's place.</summary>
    public static string ShmRunWith(string setting) => ReplaceAll(FixtureFiles.Read(P2pDisabled), P2pDisableLine, setting);

    /// <summary>Rank 1 moved to host node-b, NCCL counting two nodes, the channels on <paramref name="via"/>.</summary>
    public static string AcrossNodes(string text, string via)
    {
        text = ReplaceInSection(text, 1, "vm:741:", "node-b:741:");
        text = ReplaceAll(text, "nNodes 1 localRanks 2", "nNodes 2 localRanks 1");
        return ReplaceAll(text, "via P2P/CUMEM", via);
    }

    /// <summary>After every line holding <paramref name="anchor"/>, a line with the same <c>host:pid:tid [dev] </c> prefix.</summary>
    public static string AddAfter(string text, string anchor, Func<string, string> line)
    {
        var lines = new List<string>();
        foreach (var existing in text.Split('\n'))
        {
            lines.Add(existing);
            var nccl = existing.IndexOf("NCCL INFO ", StringComparison.Ordinal);
            if (existing.Contains(anchor, StringComparison.Ordinal) && nccl > 0)
            {
                lines.Add(line(existing[..nccl]));
            }
        }

        Assert.True(lines.Count > text.Count(c => c == '\n') + 1, $"no line holds {anchor}");
        return string.Join('\n', lines);
    }

    public static NcclDiagnosis Diagnose(string text, NodeContext? context = null) =>
        NcclLogDiagnoser.Diagnose([new LogSource("environment.log", text)], context);
}

using ControlPlane.Diagnostics.Nccl.Parsing;

namespace ControlPlane.Diagnostics.Nccl.Findings.EnvSettings;

/// <summary>
/// One row of the table of NCCL variables: what the variable restricts or redirects, which values do, the
/// finding code it is reported under when it explains a slow wire or is a bad setting on its own, and the fix.
/// </summary>
internal sealed record NcclVariable(string Name, EnvEffect Effect, string What, string Fix, string? Code = null)
{
    /// <summary>Values that restrict what <see cref="Effect"/> says (default: any value but <c>0</c>).</summary>
    public Func<string, JobView, bool> Restricts { get; init; } = (value, _) => value != "0";

    /// <summary>Why the value is a bad setting whatever the wire did, or null when it is not.</summary>
    public Func<EnvSetting, JobView, Verdict?> Bad { get; init; } = (_, _) => null;

    /// <summary>The slower-than-topology wires this variable can cause.</summary>
    public WireLoss Explains => WireLossEffects.Explained(Effect);
}

/// <summary>A bad setting: how bad, why, and log lines beyond the setting's own that show it.</summary>
internal sealed record Verdict(FindingSeverity Severity, string Why, IReadOnlyList<Evidence>? Evidence = null);

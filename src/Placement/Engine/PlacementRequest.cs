using ControlPlane.Wire.Deployments;

namespace ControlPlane.Placement;

/// <summary>A validated spec and its model, with the parts placement reads parsed once.</summary>
internal sealed class PlacementRequest
{
    public PlacementRequest(DeploymentSpec spec, ModelSpec model)
    {
        Spec = spec ?? throw new ArgumentNullException(nameof(spec));
        Model = model ?? throw new ArgumentNullException(nameof(model));
        PrefillTp = Math.Max(1, spec.Prefill?.Tp ?? 1);
        DecodeTp = Math.Max(1, spec.Decode?.Tp ?? 1);
        Policy = SpecVocabulary.ParsePolicy(spec.TransferPolicy);
        Spread = SpecVocabulary.ParseSpread(spec.Spread);
        ComputeCapabilities = new HashSet<string>((spec.Image?.ComputeCapabilities ?? []).Select(Sm), StringComparer.Ordinal);
        Cuda = spec.Image?.Cuda ?? "";
        Pinned = spec.Nodes is { Length: > 0 } nodes ? new HashSet<string>(nodes, StringComparer.Ordinal) : null;
    }

    public DeploymentSpec Spec { get; }
    public ModelSpec Model { get; }
    public int PrefillTp { get; }
    public int DecodeTp { get; }
    public int SmallerTp => Math.Min(PrefillTp, DecodeTp);
    public int LargerTp => Math.Max(PrefillTp, DecodeTp);
    public TransferPolicy Policy { get; }
    public SpreadDomain Spread { get; }

    /// <summary>The image's capabilities as <c>sm_90</c>.</summary>
    public IReadOnlySet<string> ComputeCapabilities { get; }
    public string Cuda { get; }
    public IReadOnlySet<string>? Pinned { get; }

    /// <summary><c>9.0</c> → <c>sm_90</c>, <c>12.0</c> → <c>sm_120</c>.</summary>
    public static string Sm(string computeCapability) =>
        "sm_" + (computeCapability ?? "").Replace(".", "", StringComparison.Ordinal);
}

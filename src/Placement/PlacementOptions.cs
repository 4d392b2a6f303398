using System.ComponentModel.DataAnnotations;

namespace ControlPlane.Placement;

/// <summary>
/// Placement settings, bound from <see cref="Section"/>. The weights are validated with their own
/// attributes when the options are (<see cref="IValidatableObject"/>), so <c>ValidateDataAnnotations</c> covers them.
/// </summary>
public sealed class PlacementOptions : IValidatableObject
{
    public const string Section = "ControlPlane:Placement";

    /// <summary>The score plugins' weights; the defaults are today's tuned values.</summary>
    [Required]
    public PlacementWeights Weights { get; set; } = new();

    /// <summary>Rejections list this many example nodes per distinct reason; pinned nodes are always listed.</summary>
    [Range(0, 1000)]
    public int ExamplesPerReason { get; set; } = 3;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var results = new List<ValidationResult>();
        if (Weights is not null)
        {
            Validator.TryValidateObject(Weights, new ValidationContext(Weights), results, validateAllProperties: true);
        }

        return results.Select(r => new ValidationResult(r.ErrorMessage, [.. r.MemberNames.Select(m => $"{nameof(Weights)}.{m}")]));
    }
}

/// <summary>
/// The score plugins' weights: the one statement of their defaults. A pair's score is the sum of the KV
/// path tier (dominant: one tier step outweighs every other plugin together), bandwidth within the tier,
/// TP locality, the fragmentation a choice causes, memory best fit, and spread/health penalties.
/// </summary>
public sealed class PlacementWeights
{
    /// <summary>Per tier step better than TCP (rank 5).</summary>
    [Range(0, 1e9)]
    public double TierStep { get; set; } = 100_000;

    /// <summary>Per GB/s of KV path bandwidth (≤ 394 GB/s, so ≤ 788: far below one tier step).</summary>
    [Range(0, 1e6)]
    public double BandwidthPerGBps { get; set; } = 2;

    /// <summary>
    /// Per GiB of GPU memory a replica leaves unused beyond its share of the weights (best fit on memory):
    /// big-memory GPUs stay free for the replicas that need them (TP2 Qwen2.5-72B fits H20/H200 only),
    /// and this outweighs bandwidth differences inside one tier.
    /// </summary>
    [Range(0, 1e6)]
    public double MemorySlackPerGiB { get; set; } = 100;

    /// <summary>Per replica whose TP group is all NV#.</summary>
    [Range(0, 1e6)]
    public double TpInsideNvLink { get; set; } = 300;

    /// <summary>Per replica whose TP group is on one NUMA node.</summary>
    [Range(0, 1e6)]
    public double TpInsideNuma { get; set; } = 100;

    /// <summary>Per unit of free NVLink group value (Σ s², see <see cref="NodeShape"/>) a choice destroys.</summary>
    [Range(0, 1e6)]
    public double FragmentationPerUnit { get; set; } = 2;

    /// <summary>Cross-node replica whose NIC is PIX/PXB to all its GPUs (the replica-level part of the RDMA tier).</summary>
    [Range(0, 1e6)]
    public double NicNearGpus { get; set; } = 1_000;

    /// <summary>For a pair on a failure domain (node, rack) that already holds a pair of this plan; half of it for a NIC rail.</summary>
    [Range(0, 1e6)]
    public double SameFailureDomain { get; set; } = 5_000;

    /// <summary>For a node whose health is Degraded (still usable).</summary>
    [Range(0, 1e6)]
    public double DegradedNode { get; set; } = 2_000;
}

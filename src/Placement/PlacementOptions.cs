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
        foreach (var (key, value) in Weights ?? [])
        {
            var member = $"{nameof(Weights)}.{key}";
            if (PlacementPlugins.Weights.FirstOrDefault(w => string.Equals(w.Key, key, StringComparison.OrdinalIgnoreCase)) is not { } weight)
            {
                yield return new ValidationResult($"no score has a weight '{key}'; one of {string.Join(", ", PlacementPlugins.Weights.Select(w => w.Key))}", [member]);
            }
            else if (value < 0 || value > weight.Max || double.IsNaN(value))
            {
                yield return new ValidationResult($"The field {key} must be between 0 and {weight.Max}.", [member]);
            }
        }
    }
}

/// <summary>
/// The score plugins' weights as configured (<c>ControlPlane:Placement:Weights:{key}</c>); a key not set takes the
/// default its score declares (<see cref="ScoreWeight"/>). A pair's score is the sum of the KV path tier (dominant: one
/// tier step outweighs every other plugin together), bandwidth within the tier, TP locality, the fragmentation a choice
/// causes, memory best fit, and spread/health penalties.
/// </summary>
public sealed class PlacementWeights : Dictionary<string, double>
{
    public PlacementWeights()
        : base(StringComparer.OrdinalIgnoreCase)
    {
    }

    /// <summary>The configured value of <paramref name="weight"/>, or its default.</summary>
    public double Of(ScoreWeight weight)
    {
        ArgumentNullException.ThrowIfNull(weight);
        return TryGetValue(weight.Key, out var value) ? value : weight.Default;
    }
}

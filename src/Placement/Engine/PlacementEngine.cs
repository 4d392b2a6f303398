using System.ComponentModel.DataAnnotations;
using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Placement;

namespace ControlPlane.Placement;

/// <summary>
/// Pure placement of prefill/decode pairs, in the style of the kube-scheduler framework: filter plugins
/// reject with reasons, score plugins rank the survivors with the weights of <see cref="PlacementOptions"/>,
/// and the plan says why every other node was not used. The plugins are registered in one list
/// (<c>PlacementPlugins</c>). It reserves nothing: the caller reserves the plan's GPUs on the node grains,
/// then feeds the new node versions back into the <see cref="CapacityIndex"/>.
/// </summary>
public sealed class PlacementEngine
{
    /// <summary>An engine with the default plugins and weights.</summary>
    public PlacementEngine()
        : this(PlacementProfile.Default, new PlacementOptions().ExamplesPerReason)
    {
    }

    /// <summary>An engine with the default plugins, scored with <paramref name="options"/>' weights.</summary>
    /// <exception cref="ValidationException">The options break their validation attributes.</exception>
    public PlacementEngine(PlacementOptions options)
        : this(new PlacementProfile(PlacementPlugins.For(Validated(options).Weights)), options.ExamplesPerReason)
    {
    }

    internal PlacementEngine(PlacementProfile profile, int examplesPerReason = 3)
    {
        Profile = profile ?? throw new ArgumentNullException(nameof(profile));
        ExamplesPerReason = examplesPerReason;
    }

    internal PlacementProfile Profile { get; }

    /// <summary>Rejections list this many example nodes per distinct reason; pinned nodes are always listed.</summary>
    public int ExamplesPerReason { get; }

    /// <summary>
    /// Places <see cref="DeploymentSpec.Pairs"/> pairs without reusing a GPU inside the plan. The spec is
    /// expected to have passed <see cref="DeploymentSpecValidator"/>; <paramref name="model"/> comes from
    /// <see cref="ModelCatalog.Resolve"/>. Incomplete plans (<see cref="PlacementPlan.Complete"/> false)
    /// hold the pairs that fit and the rejections that explain the rest. <paramref name="beside"/>: the pairs the
    /// deployment already has (growing it, placing a spare or a replacement later); the plan spreads from them too.
    /// </summary>
    public PlacementPlan Plan(DeploymentSpec spec, ModelSpec model, CapacityIndex capacity, IReadOnlyCollection<PairPlacement>? beside = null)
    {
        ArgumentNullException.ThrowIfNull(capacity);
        var request = new PlacementRequest(spec, model);
        var run = new PlanRun(Profile, capacity, request);
        foreach (var existing in beside ?? [])
        {
            run.State.Beside(existing, capacity);
        }

        var pairs = new List<PairPlacement>(spec.Pairs);
        var runnersUp = new List<PairPlacement?>(spec.Pairs);
        for (var i = 0; i < spec.Pairs; i++)
        {
            var top = run.PlaceOne();
            if (top.Best is not { } best)
            {
                break;
            }

            pairs.Add(best.ToPlacement(model));
            runnersUp.Add(top.RunnerUp?.ToPlacement(model));
            run.Apply(best);
        }

        var complete = pairs.Count == spec.Pairs;
        return new PlacementPlan
        {
            Pairs = [.. pairs],
            RunnerUp = [.. runnersUp],
            Rejections = RejectionReport.Build(run, complete, ExamplesPerReason),
            Complete = complete,
            NodesConsidered = request.Pinned?.Count ?? capacity.Count,
        };
    }

    private static PlacementOptions Validated(PlacementOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        return options;
    }
}

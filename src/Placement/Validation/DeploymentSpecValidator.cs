using System.Numerics;
using System.Text.RegularExpressions;
using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Identity;

namespace ControlPlane.Placement;

/// <summary>
/// Checks a spec before placement; errors are keyed by the field's JSON name (<c>prefill.tp</c>,
/// <c>image.computeCapabilities</c>) so the API can answer 400 problem+json naming the field.
/// </summary>
public static partial class DeploymentSpecValidator
{
    public const int MaxPairs = 1000;

    /// <summary>Warm spares hold GPUs that serve nothing: a handful per deployment.</summary>
    public const int MaxSpares = 8;

    /// <param name="largestNodeGpus">GPUs of the largest node in the fleet; null skips the "larger than any node" check.</param>
    public static Dictionary<string, string[]> Validate(DeploymentSpec spec, int? largestNodeGpus)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }

            list.Add(message);
        }

        if (string.IsNullOrWhiteSpace(spec.Model))
        {
            Add("model", "model is required: one of " + string.Join(", ", ModelCatalog.Models.Keys) + " or custom");
        }
        else if (string.Equals(spec.Model, ModelCatalog.Custom, StringComparison.OrdinalIgnoreCase))
        {
            ValidateCustom(spec.CustomModel, Add);
        }
        else if (!ModelCatalog.Models.ContainsKey(spec.Model))
        {
            Add("model", $"unknown model '{spec.Model}': one of " + string.Join(", ", ModelCatalog.Models.Keys) + " or custom with customModel");
        }

        OneOf("engine", spec.Engine, SpecVocabulary.Engines, Add);
        OneOf("transferBackend", spec.TransferBackend, SpecVocabulary.TransferBackends, Add);
        OneOf("transferPolicy", spec.TransferPolicy, SpecVocabulary.TransferPolicies, Add);
        OneOf("spread", spec.Spread, SpecVocabulary.Spreads, Add);
        if (spec.Binding is not null)
        {
            OneOf("binding", spec.Binding, SpecVocabulary.Bindings, Add);
        }

        var image = spec.Image ?? new ImageSpec();
        if (string.IsNullOrWhiteSpace(image.Name) || image.Name.Any(char.IsWhiteSpace))
        {
            Add("image.name", $"the container image is required, without spaces, e.g. \"lmsysorg/sglang:v0.5.4-cu124\"{(string.IsNullOrWhiteSpace(image.Name) ? "" : $"; was '{image.Name}'")}");
        }

        else if (EngineImageVersions.Refusal(spec.Engine, spec.TransferBackend, image.Name) is { } refusal)
        {
            Add("image.name", refusal);
        }

        if (image.ComputeCapabilities is not { Length: > 0 })
        {
            Add("image.computeCapabilities", "list the compute capabilities the image was built for, e.g. [\"8.0\", \"9.0\"]");
        }
        else
        {
            foreach (var cc in image.ComputeCapabilities.Where(c => c is null || !ComputeCapabilityPattern().IsMatch(c)))
            {
                Add("image.computeCapabilities", $"'{cc}' is not a compute capability like \"9.0\"");
            }
        }

        if (string.IsNullOrWhiteSpace(image.Cuda))
        {
            Add("image.cuda", "the CUDA version the image was built with is required, e.g. \"12.4\"");
        }
        else if (!CudaCompatibility.IsKnown(image.Cuda))
        {
            Add("image.cuda", $"unknown CUDA version '{image.Cuda}': one of " + string.Join(", ", CudaCompatibility.MinimumDriver.Keys));
        }

        Tp("prefill.tp", spec.Prefill?.Tp ?? 0, largestNodeGpus, Add);
        Tp("decode.tp", spec.Decode?.Tp ?? 0, largestNodeGpus, Add);

        if (spec.Pairs is < 1 or > MaxPairs)
        {
            Add("pairs", $"pairs must be between 1 and {MaxPairs}, was {spec.Pairs}");
        }

        if (spec.Spares is < 0 or > MaxSpares)
        {
            Add("spares", $"spares must be between 0 and {MaxSpares}, was {spec.Spares}");
        }

        for (var i = 0; i < (spec.Nodes?.Length ?? 0); i++)
        {
            // A name no node can have is a typo, not a node that is merely absent (that one is 409 with its rejection).
            if (!NodeId.IsValid(spec.Nodes![i]))
            {
                Add($"nodes[{i}]", NodeId.Describe(spec.Nodes[i]));
            }
        }

        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
    }

    private static void Tp(string field, int tp, int? largestNodeGpus, Action<string, string> add)
    {
        if (tp < 1 || !BitOperations.IsPow2(tp))
        {
            add(field, $"tensor parallelism must be a power of two (1, 2, 4, 8…), was {tp}");
        }
        else if (largestNodeGpus is { } largest && tp > largest)
        {
            add(field, $"tensor parallelism {tp} is larger than any node ({largest} GPUs): a TP group stays inside one node");
        }
    }

    private static void OneOf(string field, string? value, string[] allowed, Action<string, string> add)
    {
        if (value is null || !allowed.Contains(value, StringComparer.Ordinal))
        {
            add(field, $"'{value}' is not supported: one of {string.Join(", ", allowed)}");
        }
    }

    private static void ValidateCustom(ModelSpec? model, Action<string, string> add)
    {
        if (model is null)
        {
            add("customModel", "model 'custom' needs customModel with id, layers, kvHeads, headDim, dtypeBytes");
            return;
        }

        if (string.IsNullOrWhiteSpace(model.Id))
        {
            add("customModel.id", "id is required");
        }

        if (model.Layers is < 1 or > 1000)
        {
            add("customModel.layers", $"layers must be 1..1000, was {model.Layers}");
        }

        if (model.KvHeads is < 1 or > 1024)
        {
            add("customModel.kvHeads", $"kvHeads must be 1..1024, was {model.KvHeads}");
        }

        if (model.HeadDim is < 1 or > 4096)
        {
            add("customModel.headDim", $"headDim must be 1..4096, was {model.HeadDim}");
        }

        if (model.DtypeBytes is not (1 or 2 or 4))
        {
            add("customModel.dtypeBytes", $"dtypeBytes must be 1, 2 or 4, was {model.DtypeBytes}");
        }

        if (model.WeightGiB < 0)
        {
            add("customModel.weightGiB", "weightGiB must not be negative");
        }
    }

    [GeneratedRegex(@"^\d{1,2}\.\d$")]
    private static partial Regex ComputeCapabilityPattern();
}

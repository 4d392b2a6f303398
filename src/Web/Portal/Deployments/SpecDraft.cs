using ControlPlane.Wire.Deployments;

namespace ControlPlane.Web.Portal.Deployments;

/// <summary>
/// The deployment form's fields as the operator types them (lists as comma-separated text); turned
/// into the same <see cref="DeploymentSpec"/> the REST API reads, so one validator judges both. What the form has no
/// input for (a custom model's shape) is carried from the spec it was read from, so an edit never drops it.
/// </summary>
public sealed class SpecDraft
{
    public string Name { get; set; } = "";
    public string Model { get; set; } = "qwen2.5-72b";
    public string Engine { get; set; } = "sglang";
    public string Image { get; set; } = "lmsysorg/sglang:v0.5.4-cu124";
    public string ComputeCapabilities { get; set; } = "8.0, 9.0";
    public string Cuda { get; set; } = "12.4";
    public int PrefillTp { get; set; } = 2;
    public int DecodeTp { get; set; } = 2;
    public int Pairs { get; set; } = 1;
    public int Spares { get; set; }
    public string TransferBackend { get; set; } = "nixl";
    public string TransferPolicy { get; set; } = "prefer-nvlink";
    public string Spread { get; set; } = "node";
    public string Pool { get; set; } = "";
    public string Nodes { get; set; } = "";
    public string Binding { get; set; } = "exact-visible-devices";

    /// <summary><c>key=value</c> pairs separated by commas; a key alone is a label with an empty value.</summary>
    public string Labels { get; set; } = "";

    private ModelSpec? _customModel;

    public static SpecDraft From(string name, DeploymentSpec spec) => new()
    {
        Name = name,
        Model = spec.Model,
        Engine = spec.Engine,
        Image = spec.Image.Name,
        ComputeCapabilities = string.Join(", ", spec.Image.ComputeCapabilities),
        Cuda = spec.Image.Cuda,
        PrefillTp = spec.Prefill.Tp,
        DecodeTp = spec.Decode.Tp,
        Pairs = spec.Pairs,
        Spares = spec.Spares,
        TransferBackend = spec.TransferBackend,
        TransferPolicy = spec.TransferPolicy,
        Spread = spec.Spread,
        Pool = spec.Pool ?? "",
        Nodes = string.Join(", ", spec.Nodes ?? []),
        Binding = spec.Binding ?? "",
        Labels = string.Join(", ", (spec.Labels ?? []).Select(l => l.Value.Length == 0 ? l.Key : $"{l.Key}={l.Value}")),
        _customModel = spec.CustomModel,
    };

    public DeploymentSpec ToSpec() => new()
    {
        Model = Model.Trim(),
        Engine = Engine.Trim(),
        Image = new ImageSpec { Name = Image.Trim(), ComputeCapabilities = List(ComputeCapabilities), Cuda = Cuda.Trim() },
        Prefill = new ReplicaSpec { Tp = PrefillTp },
        Decode = new ReplicaSpec { Tp = DecodeTp },
        Pairs = Pairs,
        Spares = Spares,
        TransferBackend = TransferBackend.Trim(),
        TransferPolicy = TransferPolicy.Trim(),
        Spread = Spread.Trim(),
        Pool = string.IsNullOrWhiteSpace(Pool) ? null : Pool.Trim(),
        Nodes = List(Nodes) is { Length: > 0 } nodes ? nodes : null,
        Binding = string.IsNullOrWhiteSpace(Binding) ? null : Binding.Trim(),
        Labels = LabelMap(Labels),
        CustomModel = _customModel,
    };

    private static Dictionary<string, string>? LabelMap(string text)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            labels[equals < 0 ? entry : entry[..equals].Trim()] = equals < 0 ? "" : entry[(equals + 1)..].Trim();
        }

        return labels.Count > 0 ? labels : null;
    }

    private static string[] List(string text) =>
        text.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

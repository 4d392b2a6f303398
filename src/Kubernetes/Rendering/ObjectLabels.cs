using ControlPlane.Wire.Deployments;
using ContractsPair = ControlPlane.Wire.Placement.PairPlacement;

namespace ControlPlane.Kubernetes;

/// <summary>The label sets of rendered objects: the deployment's own labels first, the control plane's on top.</summary>
internal static class ObjectLabels
{
    public static Dictionary<string, string> For(string deployment, IReadOnlyDictionary<string, string>? extra = null, PairUnit? unit = null, ReplicaRole? role = null)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            labels[key] = value;
        }

        labels[ControlPlaneLabels.ManagedBy] = ControlPlaneLabels.ManagedByValue;
        labels[ControlPlaneLabels.Deployment] = deployment;
        if (unit is { } u)
        {
            labels[ControlPlaneLabels.Pair] = u.Label;
        }

        if (role is { } r)
        {
            labels[ControlPlaneLabels.Role] = r.Name();
        }

        return labels;
    }

    /// <summary>
    /// The router's pod labels: the deployment's own labels and <see cref="ControlPlaneLabels.Router"/>, but not
    /// <see cref="ControlPlaneLabels.Deployment"/>, so what selects a deployment's replicas (pair Services, the budget, the
    /// pod listing) never counts the router.
    /// </summary>
    public static Dictionary<string, string> RouterPod(string deployment, IReadOnlyDictionary<string, string>? extra)
    {
        var labels = For(deployment, extra);
        labels.Remove(ControlPlaneLabels.Deployment);
        labels[ControlPlaneLabels.Router] = deployment;
        labels[ControlPlaneLabels.Role] = ControlPlaneLabels.RouterRole;
        return labels;
    }

    /// <summary>The pair-level facts every object of a pair carries, so <c>kubectl describe</c> shows the wire.</summary>
    public static Dictionary<string, string> PairAnnotations(ContractsPair pair, BindingStrategy binding)
    {
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ControlPlaneLabels.Tier] = pair.Tier,
            [ControlPlaneLabels.Wire] = pair.Wire,
            [ControlPlaneLabels.EstimatedKvTransferMs] = pair.EstimatedKvTransferMs.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture),
            [ControlPlaneLabels.Binding] = binding.Name(),
        };
        if (string.Equals(pair.Tier, "tcp", StringComparison.OrdinalIgnoreCase))
        {
            annotations[ControlPlaneLabels.KvTransferWarning] = TcpWarning(pair);
        }

        return annotations;
    }

    public static string TcpWarning(ContractsPair pair) =>
        $"KV cache crosses TCP ({pair.Wire}, ~{pair.EstimatedKvTransferMs.ToString("0", System.Globalization.CultureInfo.InvariantCulture)} ms per 4k-token prompt): " +
        $"{pair.Prefill.Node} -> {pair.Decode.Node} has no NVLink, PCIe P2P or RDMA path; placed only because the policy allows TCP.";
}

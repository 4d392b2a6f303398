namespace ControlPlane.Kubernetes;

/// <summary>Labels and annotations the control plane puts on every object it renders; delete and watch select by them.</summary>
internal static class ControlPlaneLabels
{
    public const string Deployment = "controlplane.io/deployment";
    /// <summary>The unit's <see cref="ControlPlane.Wire.Deployments.PairUnit.Label"/>: <c>3</c> for pair 3, <c>spare-0</c> for a spare.</summary>
    public const string Pair = "controlplane.io/pair";
    public const string Role = "controlplane.io/role";
    /// <summary>
    /// On the router's pods instead of <see cref="Deployment"/>: they are no replica, so the pair Services, the budget and the
    /// pod listing (all selecting <see cref="Deployment"/>) leave them out. The router's Deployment and Service carry both.
    /// </summary>
    public const string Router = "controlplane.io/router";
    public const string RouterRole = "router";

    public const string ManagedBy = "app.kubernetes.io/managed-by";
    public const string ManagedByValue = "controlplane";

    public const string Tier = "controlplane.io/tier";
    public const string Wire = "controlplane.io/wire";
    public const string EstimatedKvTransferMs = "controlplane.io/estimated-kv-transfer-ms";
    public const string Binding = "controlplane.io/binding";
    public const string GpuUuids = "controlplane.io/gpu-uuids";
    public const string Peer = "controlplane.io/peer";

    /// <summary>Set on every object of a pair whose KV cache crosses TCP: never silent.</summary>
    public const string KvTransferWarning = "controlplane.io/kv-transfer-warning";

    /// <summary>The label selector of one deployment's objects, e.g. <c>controlplane.io/deployment=qwen</c>.</summary>
    public static string SelectorFor(string deployment) => $"{Deployment}={deployment}";
}

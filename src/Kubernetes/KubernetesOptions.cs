namespace ControlPlane.Kubernetes;

/// <summary>
/// <c>ControlPlane:Kubernetes</c>: where manifests go. With <see cref="Kubeconfig"/> or <see cref="InCluster"/> the
/// control plane applies them; with neither it runs plan-only (renders, applies nothing) and says so.
/// </summary>
public sealed class KubernetesOptions
{
    public const string Section = "ControlPlane:Kubernetes";

    /// <summary>Path of a kubeconfig file.</summary>
    public string? Kubeconfig { get; set; }

    /// <summary>Context in <see cref="Kubeconfig"/>; its current context when empty.</summary>
    public string? Context { get; set; }

    /// <summary>Use the pod's service account (the control plane runs in the cluster it manages; see deploy/controlplane).</summary>
    public bool InCluster { get; set; }

    /// <summary>Namespace the inference pods, services, claims and budgets go to.</summary>
    public string Namespace { get; set; } = "inference";

    /// <summary>Server-side apply field manager: the owner of every field the control plane sets.</summary>
    public string FieldManager { get; set; } = "controlplane";

    /// <summary><c>exact-visible-devices</c> or <c>dra</c>, for pools not named in <see cref="PoolBindings"/> and specs that name none.</summary>
    public string DefaultBinding { get; set; } = BindingStrategies.ExactVisibleDevicesName;

    /// <summary>Binding per pool, e.g. <c>{"h20": "exact-visible-devices", "b200": "dra"}</c>; wins over the spec's.</summary>
    public Dictionary<string, string> PoolBindings { get; set; } = [];

    public string RuntimeClassName { get; set; } = "nvidia";

    public string DeviceClassName { get; set; } = "gpu.nvidia.com";

    public CudaDeviceSelector CudaVisibleDevicesBy { get; set; } = CudaDeviceSelector.Minor;

    public bool DisruptionBudget { get; set; }

    public string? ModelHostPath { get; set; }

    /// <summary>Service account of the inference pods (none of the control plane's rights).</summary>
    public string? ServiceAccountName { get; set; }

    public bool PlanOnly => string.IsNullOrWhiteSpace(Kubeconfig) && !InCluster;

    public RenderOptions RenderOptionsFor(string? pool) => new()
    {
        Namespace = Namespace,
        Binding = pool is not null && PoolBindings.TryGetValue(pool, out var binding) ? binding : null,
        DefaultBinding = DefaultBinding,
        RuntimeClassName = RuntimeClassName,
        DeviceClassName = DeviceClassName,
        CudaVisibleDevicesBy = CudaVisibleDevicesBy,
        DisruptionBudget = DisruptionBudget,
        ModelHostPath = ModelHostPath,
        ServiceAccountName = ServiceAccountName,
    };

    /// <summary>Errors in words, for <c>Validate(...)</c> at start-up.</summary>
    public IEnumerable<string> Problems()
    {
        if (!string.IsNullOrWhiteSpace(Kubeconfig) && InCluster)
        {
            yield return $"{Section}: set Kubeconfig or InCluster, not both.";
        }

        foreach (var (pool, binding) in PoolBindings.Append(new KeyValuePair<string, string>("(default)", DefaultBinding)))
        {
            if (!BindingStrategies.TryParse(binding, out _))
            {
                yield return $"{Section}: binding '{binding}' of pool {pool} is not '{BindingStrategies.ExactVisibleDevicesName}' or '{BindingStrategies.DraName}'.";
            }
        }

        if (string.IsNullOrWhiteSpace(Namespace) || string.IsNullOrWhiteSpace(FieldManager))
        {
            yield return $"{Section}: Namespace and FieldManager must not be empty.";
        }
    }
}

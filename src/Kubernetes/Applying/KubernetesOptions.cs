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

    /// <summary>Server-side apply field manager: the owner of every field the control plane sets.</summary>
    public string FieldManager { get; set; } = "controlplane";

    /// <summary>Binding per pool, e.g. <c>{"h20": "exact-visible-devices", "b200": "dra"}</c>; wins over the spec's.</summary>
    public Dictionary<string, string> PoolBindings { get; set; } = [];

    /// <summary>
    /// How objects are rendered (<c>Namespace</c>, <c>DefaultBinding</c>, <c>ModelPath</c>, <c>ModelHostPath</c>…). The host
    /// binds it from this same section, so its keys sit directly under <c>ControlPlane:Kubernetes</c>.
    /// </summary>
    public RenderOptions Render { get; set; } = new();

    /// <summary>Namespace the inference pods, services, claims and budgets go to.</summary>
    public string Namespace => Render.Namespace;

    public bool PlanOnly => string.IsNullOrWhiteSpace(Kubeconfig) && !InCluster;

    /// <summary>The rendering settings with the pool's binding, if <see cref="PoolBindings"/> names one.</summary>
    public RenderOptions RenderOptionsFor(string? pool) =>
        Render with { Binding = pool is not null && PoolBindings.TryGetValue(pool, out var binding) ? binding : null };

    /// <summary>Errors in words, for <c>Validate(...)</c> at start-up.</summary>
    public IEnumerable<string> Problems()
    {
        if (!string.IsNullOrWhiteSpace(Kubeconfig) && InCluster)
        {
            yield return $"{Section}: set Kubeconfig or InCluster, not both.";
        }

        foreach (var (pool, binding) in PoolBindings)
        {
            if (!BindingStrategies.TryParse(binding, out _))
            {
                yield return $"{Section}:{nameof(PoolBindings)}:{pool}: binding '{binding}' is not '{BindingStrategies.ExactVisibleDevicesName}' or '{BindingStrategies.DraName}'.";
            }
        }

        if (!BindingStrategies.TryParse(Render.DefaultBinding, out _))
        {
            yield return $"{Section}:{nameof(RenderOptions.DefaultBinding)}: '{Render.DefaultBinding}' is not '{BindingStrategies.ExactVisibleDevicesName}' or '{BindingStrategies.DraName}'.";
        }

        if (string.IsNullOrWhiteSpace(Render.Namespace))
        {
            yield return $"{Section}:{nameof(RenderOptions.Namespace)}: must not be empty.";
        }

        if (string.IsNullOrWhiteSpace(Render.VllmRouterImage))
        {
            yield return $"{Section}:{nameof(RenderOptions.VllmRouterImage)}: must not be empty.";
        }

        if (Render.SglangRouterImage is { } sglangRouter && string.IsNullOrWhiteSpace(sglangRouter))
        {
            yield return $"{Section}:{nameof(RenderOptions.SglangRouterImage)}: must not be empty; leave it out to run the router from the deployment's own image.";
        }

        if (string.IsNullOrWhiteSpace(FieldManager))
        {
            yield return $"{Section}:{nameof(FieldManager)}: must not be empty.";
        }
    }
}

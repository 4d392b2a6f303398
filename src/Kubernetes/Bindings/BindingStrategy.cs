namespace ControlPlane.Kubernetes;

/// <summary>How a pod is given its exact GPUs (never "any N"): see docs/architecture.md, facts the code is built on.</summary>
public enum BindingStrategy
{
    /// <summary>Node pinned, every device node visible, <c>CUDA_VISIBLE_DEVICES</c> picks the pod's own GPUs; no <c>nvidia.com/gpu</c> request.</summary>
    ExactVisibleDevices,

    /// <summary>DRA <c>resource.k8s.io/v1</c> ResourceClaims selecting the placed GPUs by UUID.</summary>
    Dra,
}

internal static class BindingStrategies
{
    public const string ExactVisibleDevicesName = "exact-visible-devices";
    public const string DraName = "dra";

    public static string Name(this BindingStrategy strategy) =>
        strategy == BindingStrategy.Dra ? DraName : ExactVisibleDevicesName;

    public static bool TryParse(string? value, out BindingStrategy strategy)
    {
        switch (value)
        {
            case ExactVisibleDevicesName:
                strategy = BindingStrategy.ExactVisibleDevices;
                return true;
            case DraName:
                strategy = BindingStrategy.Dra;
                return true;
            default:
                strategy = default;
                return false;
        }
    }

    /// <summary>The pool's configured binding wins (it knows whether a DRA driver runs there), then the spec's, then the default.</summary>
    public static BindingStrategy Resolve(string? poolBinding, string? specBinding, string defaultBinding)
    {
        foreach (var (field, value) in new[] { ("ControlPlane:Kubernetes:PoolBindings", poolBinding), ("binding", specBinding), ("ControlPlane:Kubernetes:DefaultBinding", defaultBinding) })
        {
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            return TryParse(value, out var strategy)
                ? strategy
                : throw new ArgumentException($"'{value}' is not a binding strategy; use '{ExactVisibleDevicesName}' or '{DraName}'.", field);
        }

        return BindingStrategy.ExactVisibleDevices;
    }
}

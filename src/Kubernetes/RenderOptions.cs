namespace ControlPlane.Kubernetes;

/// <summary>Cluster-side choices the deployment spec does not carry; <see cref="KubernetesOptions.RenderOptionsFor"/> builds them per pool.</summary>
public sealed record RenderOptions
{
    public string Namespace { get; init; } = "inference";

    /// <summary>The pool's binding (<c>exact-visible-devices</c> or <c>dra</c>); wins over the spec's when set.</summary>
    public string? Binding { get; init; }

    /// <summary>Used when neither the pool nor the spec names a binding.</summary>
    public string DefaultBinding { get; init; } = BindingStrategies.ExactVisibleDevicesName;

    /// <summary>RuntimeClass of the NVIDIA container runtime, which injects the device nodes named by <c>NVIDIA_VISIBLE_DEVICES</c>.</summary>
    public string RuntimeClassName { get; init; } = "nvidia";

    /// <summary>DeviceClass of the NVIDIA DRA driver's full GPUs.</summary>
    public string DeviceClassName { get; init; } = "gpu.nvidia.com";

    public CudaDeviceSelector CudaVisibleDevicesBy { get; init; } = CudaDeviceSelector.Minor;

    /// <summary>Render a PodDisruptionBudget for the deployment (voluntary evictions wait until the control plane moves the pair).</summary>
    public bool DisruptionBudget { get; init; }

    /// <summary>Host directory holding model weights, mounted read-only at <c>/models</c>; the model path becomes <c>/models/{model id}</c>.</summary>
    public string? ModelHostPath { get; init; }

    /// <summary>Explicit model path or Hugging Face id; wins over <see cref="ModelHostPath"/>. Default: the catalog id.</summary>
    public string? ModelPath { get; init; }

    public string? ServiceAccountName { get; init; }

    public string ImagePullPolicy { get; init; } = "IfNotPresent";
}

namespace ControlPlane.Kubernetes;

/// <summary>
/// Cluster-side choices the deployment spec does not carry: the rendering part of <see cref="KubernetesOptions"/>
/// (configured under <c>ControlPlane:Kubernetes</c>), which <see cref="KubernetesOptions.RenderOptionsFor"/> completes per pool.
/// </summary>
public sealed record RenderOptions
{
    /// <summary>Namespace the inference pods, services, claims and budgets go to.</summary>
    public string Namespace { get; init; } = "inference";

    /// <summary>The pool's binding (<c>exact-visible-devices</c> or <c>dra</c>), set per pool from <see cref="KubernetesOptions.PoolBindings"/>; wins over the spec's when set.</summary>
    public string? Binding { get; init; }

    /// <summary><c>exact-visible-devices</c> or <c>dra</c>: used when neither the pool nor the spec names a binding.</summary>
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

    /// <summary>Service account of the inference pods (none of the control plane's rights).</summary>
    public string? ServiceAccountName { get; init; }

    public string ImagePullPolicy { get; init; } = "IfNotPresent";

    /// <summary>
    /// The engine images' Mooncake was built with <c>USE_INTRA_NVLINK=ON</c>: same-node mooncake pairs then move the KV
    /// cache over NVLink (<c>nvlink_intra</c>) instead of TCP. Off by default: Mooncake's published wheels lack it, and a
    /// protocol the library was not built with fails the engine's start.
    /// </summary>
    public bool MooncakeIntraNodeNvlink { get; init; }

    /// <summary>
    /// How pairs across two trays of one multi-node NVLink domain get the path: <c>ComputeDomain</c> (NVIDIA's DRA driver
    /// with ComputeDomains installed; the default, because only an IMEX channel in the pod lets CUDA import the peer
    /// tray's memory) or <c>CliqueAffinity</c> (the <c>nvidia.com/gpu.clique</c> node affinity; the nodes provide IMEX).
    /// </summary>
    public MultiNodeNvlinkMode MultiNodeNvlink { get; init; } = MultiNodeNvlinkMode.ComputeDomain;

    /// <summary>
    /// Render the engine's prefill/decode router (a Deployment and a Service named <c>{deployment}-router</c>) next to the
    /// pairs. Off when an external router reads <c>GET …/endpoints</c> instead.
    /// </summary>
    public bool PdRouter { get; init; } = true;

    /// <summary>Image of the SGLang router (<c>python3 -m sglang_router.launch_router</c>). Default: the deployment's own SGLang image, which ships the router.</summary>
    public string? SglangRouterImage { get; init; }

    /// <summary>Image of vLLM's router (<c>vllm-router</c>, github.com/vllm-project/router). Pin a digest in production.</summary>
    public string VllmRouterImage { get; init; } = DefaultVllmRouterImage;

    public const string DefaultVllmRouterImage = "docker.io/vllm/vllm-router:nightly";

    /// <summary>Image of the router's start gate, which polls the engines' <c>/health</c> with <c>sh</c> and <c>wget</c> (<see cref="RouterStartGate"/>).</summary>
    public string RouterStartGateImage { get; init; } = DefaultRouterStartGateImage;

    public const string DefaultRouterStartGateImage = "docker.io/library/busybox:1.37";
}

namespace ControlPlane.Wire.Deployments;

/// <summary>
/// What automation asks for (<c>PUT /api/v1/deployments/{name}</c>, <c>POST /api/v1/placements:plan</c>).
/// Enumerations travel as strings so a typo is answered with the field's name, not a parse error.
/// </summary>
[GenerateSerializer, Immutable, Alias("cp.DeploymentSpec")]
public sealed record DeploymentSpec
{
    /// <summary>A catalog id (<c>qwen2.5-72b</c>) or <c>custom</c> with <see cref="CustomModel"/>.</summary>
    [Id(0)] public string Model { get; set; } = "";

    /// <summary><c>sglang</c> or <c>vllm</c>.</summary>
    [Id(1)] public string Engine { get; set; } = "sglang";

    [Id(2)] public ImageSpec Image { get; set; } = new();

    [Id(3)] public ReplicaSpec Prefill { get; set; } = new();

    [Id(4)] public ReplicaSpec Decode { get; set; } = new();

    [Id(5)] public int Pairs { get; set; } = 1;

    /// <summary><c>nixl</c>, <c>mooncake</c> or <c>nccl</c>.</summary>
    [Id(6)] public string TransferBackend { get; set; } = "nixl";

    /// <summary><c>require-nvlink</c>, <c>prefer-nvlink</c>, <c>allow-rdma</c> or <c>allow-tcp</c>.</summary>
    [Id(7)] public string TransferPolicy { get; set; } = "prefer-nvlink";

    /// <summary>Failure domain the pairs are spread over: <c>node</c>, <c>rack</c> or <c>nic-rail</c>.</summary>
    [Id(8)] public string Spread { get; set; } = "node";

    /// <summary>Pool to place in; null means any pool.</summary>
    [Id(9)] public string? Pool { get; set; }

    /// <summary>Pins the deployment to these nodes when set.</summary>
    [Id(10)] public string[]? Nodes { get; set; }

    [Id(11)] public ModelSpec? CustomModel { get; set; }

    /// <summary><c>exact-visible-devices</c> (default) or <c>dra</c>.</summary>
    [Id(12)] public string? Binding { get; set; }

    [Id(13)] public Dictionary<string, string>? Labels { get; set; }

    /// <summary>
    /// Warm spares: pairs placed, applied and Running beside the serving ones, but not serving. A failover swaps a
    /// usable spare in (only the router and endpoints change) and places a new spare behind it.
    /// </summary>
    [Id(14)] public int Spares { get; set; }
}

[GenerateSerializer, Immutable, Alias("cp.ImageSpec")]
public sealed record ImageSpec
{
    [Id(0)] public string Name { get; set; } = "";

    /// <summary>Compute capabilities the image's kernels were built for, e.g. <c>["8.0", "9.0"]</c>.</summary>
    [Id(1)] public string[] ComputeCapabilities { get; set; } = [];

    /// <summary>CUDA runtime the image was built with; the node's driver must support it.</summary>
    [Id(2)] public string Cuda { get; set; } = "";
}

[GenerateSerializer, Immutable, Alias("cp.ReplicaSpec")]
public sealed record ReplicaSpec
{
    [Id(0)] public int Tp { get; set; } = 1;
}

/// <summary>The shape of a model as far as KV-cache size and memory go.</summary>
[GenerateSerializer, Immutable, Alias("cp.ModelSpec")]
public sealed record ModelSpec
{
    [Id(0)] public required string Id { get; set; }
    [Id(1)] public required int Layers { get; set; }
    [Id(2)] public required int KvHeads { get; set; }
    [Id(3)] public required int HeadDim { get; set; }
    /// <summary>Bytes per KV element: 2 for bf16/fp16, 1 for fp8.</summary>
    [Id(4)] public int DtypeBytes { get; set; } = 2;
    [Id(5)] public double WeightGiB { get; set; }

    /// <summary>
    /// Where the engines load the weights from: a Hugging Face repo id (<c>Qwen/Qwen2.5-72B-Instruct</c>) or a path in the
    /// container. What <c>--model-path</c> / <c>vllm serve</c> get unless the cluster sets <c>ModelPath</c> or
    /// <c>ModelHostPath</c>; a custom model without one is served by its <see cref="Id"/>.
    /// </summary>
    [Id(6)] public string? Source { get; set; }

    /// <summary>KV cache per token: layers × kv_heads × head_dim × 2 (K and V) × dtype bytes.</summary>
    public long KvBytesPerToken => (long)Layers * KvHeads * HeadDim * 2 * DtypeBytes;
}

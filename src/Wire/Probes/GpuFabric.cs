using System.Text.Json.Serialization;

namespace ControlPlane.Wire.Probes;

/// <summary>
/// A GPU's place in a multi-node NVLink fabric, as <c>nvidia-smi -q</c> prints its "Fabric" section and NVML's
/// <c>nvmlDeviceGetGpuFabricInfoV</c> answers: registration state and status, the clique and the cluster UUID. A GPU
/// outside any multi-node NVLink domain reports an all-zero cluster UUID even when its state is <c>Completed</c> (the
/// 2×H200 capture in the fixtures does), so the zero UUID means "no domain", never one domain shared by every such host.
/// </summary>
[GenerateSerializer, Immutable, Alias("cp.GpuFabric")]
public sealed record GpuFabric
{
    public const string Completed = "Completed";

    /// <summary>Registration with the fabric manager: <c>Not Supported</c>, <c>Not Started</c>, <c>In Progress</c>, <c>Completed</c>.</summary>
    [Id(0)] public string? State { get; set; }

    /// <summary>The registration's outcome once <see cref="State"/> is <c>Completed</c> (<c>Success</c> or an error).</summary>
    [Id(1)] public string? Status { get; set; }

    [Id(2)] public long? CliqueId { get; set; }

    [Id(3)] public string? ClusterUuid { get; set; }

    [Id(4)] public string? HealthSummary { get; set; }

    /// <summary>
    /// NVML's fabric health mask (<c>nvmlGpuFabricInfo_v2_t.healthMask</c>): two-bit fields, 1 = true, 2 = false, 0 = not
    /// supported, for degraded bandwidth (bits 0-1), route recovery in progress (2-3), route unhealthy (4-5) and access
    /// timeout recovery (6-7). Null where the reader had none (nvidia-smi captures print only the words).
    /// </summary>
    [Id(5)] public long? HealthMask { get; set; }

    /// <summary>The NVLink domain the GPU belongs to (<c>{cluster UUID}/{clique id}</c>), or null when it belongs to none.</summary>
    [JsonIgnore]
    public string? DomainKey =>
        InADomain && !Unregistered && CliqueId is { } clique ? $"{ClusterUuid!.ToLowerInvariant()}/{clique}" : null;

    /// <summary>Names a domain but is not registered with it (state not Completed, or a failed status): it cannot use the domain.</summary>
    [JsonIgnore]
    public bool Unregistered => InADomain && (State != Completed || Status is { } status && status != "Success");

    private bool InADomain => ClusterUuid is { Length: > 0 } uuid && uuid.Any(c => c is not ('0' or '-'));
}

using System.Text.Json.Serialization;

namespace ControlPlane.Diagnostics;

/// <summary>The path NCCL chose between ranks (from its <c>via ...</c> channel lines).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<NcclTransport>))]
public enum NcclTransport
{
    [JsonStringEnumMemberName("unknown")] Unknown,
    [JsonStringEnumMemberName("nvlink")] NvLink,
    [JsonStringEnumMemberName("pcie-p2p")] PcieP2p,
    [JsonStringEnumMemberName("shm")] Shm,
    [JsonStringEnumMemberName("rdma")] Rdma,
    [JsonStringEnumMemberName("tcp")] Tcp,
}

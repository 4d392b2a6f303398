using System.Text.Json.Serialization;

namespace ControlPlane.Wire.Incidents;

/// <summary>What started an incident; JSON spells it as the signal is named (<c>nccl-timeout</c>, <c>wire-mismatch</c>…).</summary>
public enum IncidentKind
{
    /// <summary>An NCCL collective timed out (signal or pod log): the straggler rank is blamed.</summary>
    [JsonStringEnumMemberName("nccl-timeout")]
    NcclTimeout,

    /// <summary>A fatal XID, a NIC port not Active, NVLink down: the fleet model saw the device fail.</summary>
    [JsonStringEnumMemberName("hardware")]
    Hardware,

    /// <summary>A node's heartbeat was lost.</summary>
    [JsonStringEnumMemberName("node-lost")]
    NodeLost,

    /// <summary>A pair's pod failed; its logs are diagnosed for the cause.</summary>
    [JsonStringEnumMemberName("pod-failed")]
    PodFailed,

    /// <summary>The pair runs on a slower wire than it was placed on (placed on NVLink, NCCL says NET/Socket).</summary>
    [JsonStringEnumMemberName("wire-mismatch")]
    WireMismatch,

    /// <summary>An operator asked for the pair to be replaced.</summary>
    [JsonStringEnumMemberName("manual")]
    Manual,

    /// <summary>Too much of a pool went bad at once: automatic quarantine paused until a person resumes it.</summary>
    [JsonStringEnumMemberName("fabric")]
    Fabric,

    /// <summary>
    /// Two deployments list the same GPUs (a reservation released and taken behind the deployment's back): the newer pair
    /// loses and is re-placed; the older keeps the GPUs.
    /// </summary>
    [JsonStringEnumMemberName("reservation-conflict")]
    ReservationConflict,

    /// <summary>
    /// The GPUs of one replica work unevenly (one far busier or fuller than its siblings): advisory, nothing is quarantined
    /// or failed over; a person looks at the engine's configuration or the GPU.
    /// </summary>
    [JsonStringEnumMemberName("imbalance")]
    Imbalance,
}

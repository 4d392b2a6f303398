using ControlPlane.Wire.Placement;

namespace ControlPlane.Grains.Deployments.Reserving;

/// <summary>How a <see cref="ReservationTransaction"/> ended.</summary>
internal enum ReservationStatus
{
    /// <summary>Every replica is reserved and the placement recorded.</summary>
    Reserved,

    /// <summary>No plan fits the fleet as it is: nothing is reserved.</summary>
    FitsNowhere,

    /// <summary>Every plan lost a node to a concurrent placement, attempt after attempt: nothing is reserved.</summary>
    Contended,

    /// <summary>A node grain or the record's write failed: what the attempt took was released; nothing changed.</summary>
    Unavailable,
}

/// <summary>The end of one <see cref="ReservationTransaction"/>: the plan it reserved (or the last one it tried) and why not.</summary>
internal sealed record ReservationOutcome(ReservationStatus Status, PlacementPlan? Plan, int Attempts, string? Detail = null)
{
    public bool Reserved => Status == ReservationStatus.Reserved;

    public NodeRejection[] Rejections => Plan?.Rejections ?? [];

    /// <summary>Why nothing was reserved, in one sentence an operator can read.</summary>
    public string Why => Status switch
    {
        ReservationStatus.Contended => $"every plan was taken by concurrent placements ({Attempts} attempts)",
        ReservationStatus.FitsNowhere => "it fits nowhere right now (see rejections)",
        ReservationStatus.Unavailable => Detail ?? "the cluster could not take or record the reservations",
        _ => "reserved",
    };
}

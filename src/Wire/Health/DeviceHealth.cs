namespace ControlPlane.Wire.Health;

/// <summary>A health verdict and every reason behind it.</summary>
[GenerateSerializer, Immutable, Alias("cp.DeviceHealth")]
public sealed record DeviceHealth
{
    public static readonly DeviceHealth Healthy = new() { Status = HealthStatus.Healthy };
    public static readonly DeviceHealth Unknown = new() { Status = HealthStatus.Unknown };

    [Id(0)] public required HealthStatus Status { get; set; }
    [Id(1)] public HealthReason[] Reasons { get; set; } = [];

    public static DeviceHealth From(IReadOnlyCollection<HealthReason> reasons) => new()
    {
        Status = reasons.Count == 0 ? HealthStatus.Healthy : reasons.Max(r => r.Severity),
        Reasons = [.. reasons],
    };

    /// <summary>Same status and same reason codes: a change worth recording in history.</summary>
    public bool SameVerdictAs(DeviceHealth other) =>
        Status == other.Status && Reasons.Select(r => r.Code).SequenceEqual(other.Reasons.Select(r => r.Code), StringComparer.Ordinal);
}

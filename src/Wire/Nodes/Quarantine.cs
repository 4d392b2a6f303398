namespace ControlPlane.Wire.Nodes;

/// <summary>A GPU or NIC port kept out of placement by an incident (or by hand), with why and since when.</summary>
[GenerateSerializer, Immutable, Alias("cp.Quarantine")]
public sealed record Quarantine
{
    /// <summary><c>gpu:3</c> or <c>nic:mlx5_1:1</c>.</summary>
    [Id(0)] public required string Component { get; set; }
    [Id(1)] public required string Reason { get; set; }
    [Id(2)] public string? Incident { get; set; }
    [Id(3)] public required string By { get; set; }
    [Id(4)] public DateTimeOffset At { get; set; }

    /// <summary>Set for a hardware fault: re-admitted by itself once healthy for the configured time (hysteresis).</summary>
    [Id(5)] public bool LiftWhenStable { get; set; }

    /// <summary>Since when the component has been healthy again (null while it is not).</summary>
    [Id(6)] public DateTimeOffset? HealthySince { get; set; }
}

using ControlPlane.Wire.Incidents;

namespace ControlPlane.Web.Tests.Portal.Components;

/// <summary>Incidents as the incident grain writes them (a fatal XID on GPU 3 of h20-02 under qwen/pair-0), for component tests.</summary>
public static class IncidentViews
{
    public static readonly DateTimeOffset Opened = new(2026, 11, 30, 10, 45, 12, TimeSpan.Zero);

    public static IncidentView Of(IncidentState state, string progress, params IncidentStep[] timeline) => new()
    {
        Id = "inc-20261130-104512-000001",
        Kind = IncidentKind.Hardware,
        State = state,
        Title = "GPU 3 of h20-02 is Unhealthy: double-bit ECC error",
        Blamed = new BlamedComponent { Kind = ComponentKind.Gpu, Node = "h20-02", Gpu = 3 },
        Pairs = [new AffectedPair { Deployment = "qwen", Pair = 0, Revision = 0, Progress = progress }],
        Pool = "h20",
        OpenedAt = Opened,
        UpdatedAt = Opened.AddSeconds(timeline.Length),
        Nodes = ["h20-02"],
        Timeline = timeline,
    };

    public static IncidentStep Step(int second, string step, string actor, params string[] evidence) => new()
    {
        At = Opened.AddSeconds(second), Step = step, Detail = $"{step} detail", Actor = actor, Evidence = evidence,
    };

    /// <summary>Signal, blame, quarantine: the replacement not placed yet.</summary>
    public static IncidentView Open() => Of(IncidentState.Open, "pending",
        Step(0, "signal", "node:h20-02", "xid-48: double-bit ECC error (action: ResetGpu)"),
        Step(0, "blame", "failover", "candidate: GPU 3 of h20-02", "candidate: node h20-02"),
        Step(1, "quarantine", "failover"));
}

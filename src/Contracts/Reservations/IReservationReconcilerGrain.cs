namespace ControlPlane.Contracts.Reservations;

/// <summary>
/// Compares every node's GPU allocations with the deployments that should hold them (key <see cref="Key"/>): releases
/// what no live pair owns once it has stayed so for the grace period, re-reserves a pair's GPU its owner lost, and
/// re-adds a placed deployment missing from the listing. Runs on a reminder, and on demand.
/// </summary>
[Alias("cp.IReservationReconcilerGrain")]
public interface IReservationReconcilerGrain : IGrainWithStringKey
{
    const string Key = "reservations";

    /// <summary>Registers the reminder (idempotent); called at silo start.</summary>
    [Alias("EnsureScheduled")]
    Task EnsureScheduledAsync();

    [Alias("ReconcileNow")]
    Task<ReconcileReport> ReconcileNowAsync();

    [Alias("LastReport"), Orleans.Concurrency.AlwaysInterleave]
    Task<ReconcileReport?> LastReportAsync();
}

/// <summary>What one pass found and did.</summary>
[GenerateSerializer, Immutable, Alias("cp.ReconcileReport")]
public sealed record ReconcileReport
{
    [Id(0)] public required DateTimeOffset At { get; init; }
    [Id(1)] public int NodesChecked { get; init; }
    [Id(2)] public int DeploymentsChecked { get; init; }

    /// <summary><c>{node}: GPUs 2,3 of {owner} released (no live pair owns them since …)</c>.</summary>
    [Id(3)] public string[] Released { get; init; } = [];

    /// <summary>Allocations nobody owns, still inside the grace period (an in-flight placement looks like this for a moment).</summary>
    [Id(4)] public string[] Waiting { get; init; } = [];
    [Id(5)] public string[] ReReserved { get; init; } = [];
    [Id(6)] public string[] Relisted { get; init; } = [];

    /// <summary>Owners that are not a deployment's replica (made by hand): reported, never released.</summary>
    [Id(7)] public string[] UnknownOwners { get; init; } = [];

    /// <summary>A pair's GPU held by someone else: reported for a person.</summary>
    [Id(8)] public string[] Conflicts { get; init; } = [];
}

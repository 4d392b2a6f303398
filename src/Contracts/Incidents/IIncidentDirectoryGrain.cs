using ControlPlane.Wire.Incidents;

namespace ControlPlane.Contracts.Incidents;

/// <summary>Every incident's summary (no timeline), newest first, for <c>GET /api/v1/incidents</c>.</summary>
[Alias("cp.IIncidentDirectoryGrain")]
public interface IIncidentDirectoryGrain : IGrainWithStringKey
{
    const string Key = "incidents";

    /// <summary>One-way: the listing is derived; a summary older than the one held (by <c>updatedAt</c>) is ignored.</summary>
    [Alias("Upsert"), Orleans.Concurrency.OneWay]
    Task UpsertAsync(IncidentView summary);

    /// <summary>Registers the reminder that drives incidents a lost silo left Open (idempotent); called at silo start.</summary>
    [Alias("EnsureScheduled")]
    Task EnsureScheduledAsync();

    /// <summary>Asks every incident Open and untouched for a while to act again; answers how many.</summary>
    [Alias("ResumeStalled")]
    Task<int> ResumeStalledAsync();

    [Alias("List"), Orleans.Concurrency.ReadOnly]
    Task<IncidentView[]> ListAsync(IncidentFilter filter);

    /// <summary>How many incidents no person has closed yet (neither resolved nor merged into another): the portal's badge.</summary>
    [Alias("CountUnresolved"), Orleans.Concurrency.ReadOnly]
    Task<int> CountUnresolvedAsync();
}

[GenerateSerializer, Immutable, Alias("cp.IncidentFilter")]
public sealed record IncidentFilter
{
    [Id(0)] public IncidentState? State { get; init; }
    [Id(1)] public string? Deployment { get; init; }
    [Id(2)] public string? Node { get; init; }

    /// <summary>Id of the last incident of the previous page (ids sort newest first).</summary>
    [Id(3)] public string? After { get; init; }
    [Id(4)] public int Limit { get; init; } = 100;
}

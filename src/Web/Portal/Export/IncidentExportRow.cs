using ControlPlane.Wire.Incidents;
using CsvHelper.Configuration.Attributes;

namespace ControlPlane.Web.Portal.Export;

/// <summary>One incident of the incidents list as a CSV line: the list's columns, the pairs in one field.</summary>
public sealed record IncidentExportRow
{
    [Name("id")] public required string Id { get; init; }
    [Name("state")] public required string State { get; init; }
    [Name("kind")] public required string Kind { get; init; }
    [Name("title")] public required string Title { get; init; }
    [Name("blamed")] public required string Blamed { get; init; }

    /// <summary><c>pair: progress</c> (the pair as the list names it) for each affected pair, separated by <c>;</c>.</summary>
    [Name("pairs")] public required string Pairs { get; init; }
    [Name("pool")] public string? Pool { get; init; }
    [Name("openedAt")] public required DateTimeOffset OpenedAt { get; init; }
    [Name("updatedAt")] public required DateTimeOffset UpdatedAt { get; init; }
    [Name("acknowledgedBy")] public string? AcknowledgedBy { get; init; }

    public static IncidentExportRow Of(IncidentView i) => new()
    {
        Id = i.Id,
        State = i.State.ToString(),
        Kind = i.Kind.ToString(),
        Title = i.Title,
        Blamed = i.Blamed.ToString(),
        Pairs = string.Join(';', i.Pairs.Select(p => $"{p.Id}: {p.Progress}")),
        Pool = i.Pool,
        OpenedAt = i.OpenedAt,
        UpdatedAt = i.UpdatedAt,
        AcknowledgedBy = i.AcknowledgedBy,
    };
}

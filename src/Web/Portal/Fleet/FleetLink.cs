using ControlPlane.Wire.Health;

namespace ControlPlane.Web.Portal.Fleet;

/// <summary>
/// The fleet table's state as a URL query (<c>?q=h20&amp;health=Degraded&amp;drift=true&amp;sort=FreeGpus&amp;desc=true&amp;group=true</c>):
/// the page reads it and writes it back as the operator changes the table, and the export reads the same names.
/// </summary>
public static class FleetLink
{
    public const string Search = "q";
    public const string Health = "health";
    public const string Drift = "drift";
    public const string Sort = "sort";
    public const string Descending = "desc";
    public const string Group = "group";

    /// <summary>The query the values ask for; a value that names no health or sort is left out (the page's default).</summary>
    public static FleetQuery Read(string? search, string? health, bool? drift, string? sort, bool? descending, bool? group) => new(
        Search: search ?? "",
        Health: TryHealth(health, out var h) ? h : null,
        DriftOnly: drift ?? false,
        Sort: TrySort(sort, out var s) ? s : FleetSort.Node,
        Descending: descending ?? false,
        GroupByPool: group ?? false);

    /// <summary>The query's parameters, a default left out (null), for <c>NavigationManager.GetUriWithQueryParameters</c>.</summary>
    public static IReadOnlyDictionary<string, object?> Parameters(FleetQuery query) => new Dictionary<string, object?>
    {
        [Search] = query.Search.Length == 0 ? null : query.Search,
        [Health] = query.Health?.ToString(),
        [Drift] = query.DriftOnly ? true : null,
        [Sort] = query.Sort == FleetSort.Node ? null : query.Sort.ToString(),
        [Descending] = query.Descending ? true : null,
        [Group] = query.GroupByPool ? true : null,
    };

    /// <summary>The query string (with its <c>?</c>, or empty) for a link that carries the table's state.</summary>
    public static string QueryString(FleetQuery query)
    {
        var parts = Parameters(query).Where(p => p.Value is not null)
            .Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value is bool b ? (b ? "true" : "false") : p.Value!.ToString()!)}");
        var joined = string.Join('&', parts);
        return joined.Length == 0 ? "" : "?" + joined;
    }

    public static bool TryHealth(string? value, out HealthStatus health) =>
        Enum.TryParse(value, ignoreCase: true, out health) && Enum.IsDefined(health) && !int.TryParse(value, out _);

    public static bool TrySort(string? value, out FleetSort sort) =>
        Enum.TryParse(value, ignoreCase: true, out sort) && Enum.IsDefined(sort) && !int.TryParse(value, out _);
}

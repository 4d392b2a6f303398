using System.Globalization;
using System.Text;
using System.Text.Json;
using ControlPlane.Contracts.Incidents;
using ControlPlane.Web.Apis;
using ControlPlane.Web.Auth;
using ControlPlane.Web.Portal.Fleet;
using ControlPlane.Wire.Incidents;
using CsvHelper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ControlPlane.Web.Portal.Export;

/// <summary>
/// The portal's download links: <c>GET /portal/export/fleet.{csv|json}</c> (the fleet table's rows with the table's
/// query: <c>q</c>, <c>health</c>, <c>drift</c>, <c>sort</c>, <c>desc</c>, <c>group</c>) and
/// <c>GET /portal/export/incidents.{csv|json}</c> (<c>state</c>), read with the viewer policy like the pages.
/// </summary>
internal static class PortalExports
{
    /// <summary>The incident directory answers at most this many at a time, newest first.</summary>
    public const int MaxIncidents = 1000;

    public static IEndpointRouteBuilder MapPortalExports(this IEndpointRouteBuilder routes)
    {
        var exports = routes.MapGroup("/portal/export").RequireAuthorization(Policies.Read).ExcludeFromDescription();
        exports.MapGet("/fleet.{format}", Fleet);
        exports.MapGet("/incidents.{format}", Incidents);
        return routes;
    }

    public static Results<FileContentHttpResult, ValidationProblem> Fleet(
        string format, FleetSnapshotService snapshots, [FromQuery] string? q, [FromQuery] string? health, [FromQuery] bool? drift,
        [FromQuery] string? sort, [FromQuery] bool? desc, [FromQuery] bool? group)
    {
        var errors = new Dictionary<string, string[]>();
        CheckFormat(format, errors);
        if (health is not null && !FleetLink.TryHealth(health, out _))
        {
            errors[FleetLink.Health] = [$"must be one of {string.Join(", ", Enum.GetNames<ControlPlane.Wire.Health.HealthStatus>())}"];
        }

        if (sort is not null && !FleetLink.TrySort(sort, out _))
        {
            errors[FleetLink.Sort] = [$"must be one of {string.Join(", ", Enum.GetNames<FleetSort>())}"];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var query = FleetLink.Read(q, health, drift, sort, desc, group);
        var rows = query.Rows(snapshots.Current).Where(r => r.Node is not null).Select(r => FleetExportRow.Of(r.Node!)).ToList();
        return File(format, rows, rows, "fleet");
    }

    public static async Task<Results<FileContentHttpResult, ValidationProblem>> Incidents(string format, IGrainFactory grains, [FromQuery] string? state)
    {
        var errors = new Dictionary<string, string[]>();
        CheckFormat(format, errors);
        IncidentState? wanted = null;
        if (state is not null)
        {
            if (Enum.TryParse<IncidentState>(state, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(state, out _))
            {
                wanted = parsed;
            }
            else
            {
                errors["state"] = [$"must be one of {string.Join(", ", Enum.GetNames<IncidentState>())}"];
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var incidents = await grains.GetGrain<IIncidentDirectoryGrain>(IIncidentDirectoryGrain.Key).ListAsync(new IncidentFilter { State = wanted, Limit = MaxIncidents });
        return File(format, incidents, incidents.Select(IncidentExportRow.Of), "incidents");
    }

    private static void CheckFormat(string format, Dictionary<string, string[]> errors)
    {
        if (format is not ("csv" or "json"))
        {
            errors["format"] = ["must be csv or json"];
        }
    }

    private static FileContentHttpResult File<TJson, TCsv>(string format, TJson json, IEnumerable<TCsv> csvRows, string name)
    {
        if (format == "json")
        {
            return TypedResults.File(JsonSerializer.SerializeToUtf8Bytes(json, ApiJson.Options), "application/json", $"{name}.json");
        }

        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = new CsvWriter(text, CultureInfo.InvariantCulture))
        {
            csv.WriteRecords(csvRows);
        }

        return TypedResults.File(Encoding.UTF8.GetBytes(text.ToString()), "text/csv; charset=utf-8", $"{name}.csv");
    }
}

using System.Reflection;
using System.Text.Json.Serialization;
using ControlPlane.Wire.Incidents;

namespace ControlPlane.Web.Portal.Incidents;

/// <summary>An incident's kind as the API spells it (<c>nccl-timeout</c>, <c>hardware</c>…), so the page and the JSON agree.</summary>
public static class IncidentKindNames
{
    private static readonly Dictionary<IncidentKind, string> Names = Enum.GetValues<IncidentKind>().ToDictionary(
        kind => kind,
        kind => typeof(IncidentKind).GetField(kind.ToString())!.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? kind.ToString());

    public static string Of(IncidentKind kind) => Names[kind];
}

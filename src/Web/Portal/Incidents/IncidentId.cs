namespace ControlPlane.Web.Portal.Incidents;

/// <summary>
/// The shape of the ids the failover grain issues (<c>inc-20261130-104512-000001</c>), the rule <c>/api/v1/incidents/{id}</c>
/// applies: a page or action given anything else asks no grain.
/// </summary>
internal static class IncidentId
{
    public static bool IsValid(string id) =>
        id.Length is > 4 and <= 64 && id.StartsWith("inc-", StringComparison.Ordinal) && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    public static string Describe(string id) => $"'{id}' is not an incident id (inc-yyyyMMdd-HHmmss-NNNNNN)";
}

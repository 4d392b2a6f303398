using System.Globalization;

namespace ControlPlane.Wire.Incidents;

/// <summary>
/// Incident ids, <c>inc-20261130-104512-000001</c> (opened at, then the failover grain's counter): made here by the
/// failover grain and checked here by the API and the portal, so a request naming anything else asks no grain.
/// </summary>
public static class IncidentIds
{
    private const string Prefix = "inc-";

    public static string New(DateTimeOffset openedAt, long counter) =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix}{openedAt:yyyyMMdd-HHmmss}-{counter:D6}");

    public static bool IsValid(string id) =>
        id.Length is > 4 and <= 64 && id.StartsWith(Prefix, StringComparison.Ordinal) && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    public static string Describe(string id) => $"'{id}' is not an incident id (inc-yyyyMMdd-HHmmss-NNNNNN)";
}

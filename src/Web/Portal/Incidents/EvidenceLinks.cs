using System.Text.RegularExpressions;
using ControlPlane.Wire.Incidents;

namespace ControlPlane.Web.Portal.Incidents;

/// <summary>
/// Evidence a pod's log gave (<c>PairLogCheck</c> writes <c>[code] pod:line: text</c>, the pod being the log's name)
/// links to that pod's log with the line's text marked. Pods gone since (a replaced pair's) answer "no log" there.
/// </summary>
internal static partial class EvidenceLinks
{
    public static string? Href(string evidence, IncidentStep step, IncidentView incident)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        if (Deployment(step, incident) is not { } deployment || Line().Match(evidence) is not { Success: true } match)
        {
            return null;
        }

        var pod = match.Groups["pod"].Value;
        return pod.StartsWith(deployment + "-", StringComparison.Ordinal)
            ? $"/deployments/{Uri.EscapeDataString(deployment)}/pods/{Uri.EscapeDataString(pod)}?highlight={Uri.EscapeDataString(match.Groups["text"].Value)}#match"
            : null;
    }

    /// <summary>The step's pair's deployment (<c>deployment/pair-0</c>), else the incident's only one.</summary>
    private static string? Deployment(IncidentStep step, IncidentView incident) =>
        step.Pair is { } pair && pair.IndexOf('/', StringComparison.Ordinal) is > 0 and var slash ? pair[..slash]
        : incident.Pairs.Select(p => p.Deployment).Distinct(StringComparer.Ordinal).ToArray() is [var only] ? only : null;

    [GeneratedRegex(@"^\[[^\]]+\] (?<pod>[a-z0-9]([-a-z0-9.]*[a-z0-9])?):\d+: (?<text>.+)$")]
    private static partial Regex Line();
}

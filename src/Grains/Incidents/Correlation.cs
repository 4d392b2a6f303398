using ControlPlane.Contracts.Incidents;
using ControlPlane.Wire.Incidents;

namespace ControlPlane.Grains.Incidents;

/// <summary>
/// Which incident a signal belongs to (pure). The same pair again joins its incident; a component (narrowest first) that
/// a different pair's incident blamed within the window joins that incident and widens its blame to the shared one: two
/// timeouts whose stragglers sit behind one NIC are that NIC's incident, not two GPU incidents.
/// </summary>
public static class Correlation
{
    public sealed record Match(string Incident, BlamedComponent Blamed, string? Escalation);

    public static Match? Find(FailureSignal signal, RecentBlames recent)
    {
        var pairs = signal.Pairs.Select(Key).ToHashSet(StringComparer.Ordinal);
        if (pairs.Select(recent.OfPair).FirstOrDefault(e => e is not null) is { } samePair)
        {
            return new Match(samePair.Incident, Current(recent, samePair), null);
        }

        foreach (var component in signal.Blame)
        {
            if (component.Kind == ComponentKind.Pair)
            {
                continue;
            }

            var shared = recent.SharedWith(component.Key, pairs);
            if (shared is not null)
            {
                var before = Current(recent, shared);
                var escalation = before.Key == component.Key ? null
                    : $"{component} is shared with {shared.Pair[..shared.Pair.LastIndexOf('#')]} of incident {shared.Incident}: blame widens from {before} to {component}";
                return new Match(shared.Incident, component, escalation);
            }
        }

        return null;
    }

    private static BlamedComponent Current(RecentBlames recent, RecentBlame entry) => recent.BlamedBy(entry.Incident) ?? entry.Component;

    public static string Key(PairRef pair) => $"{pair.Name}#{pair.Revision}";
}

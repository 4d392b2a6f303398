using ControlPlane.Wire.Incidents;

namespace ControlPlane.Contracts.Incidents;

/// <summary>One incident (key: its id): its blame, timeline and the pairs it replaces; it drives its own actions.</summary>
[Alias("cp.IIncidentGrain")]
public interface IIncidentGrain : IGrainWithStringKey
{
    /// <summary>Records the opening (or a further signal, or an escalation) and starts acting; idempotent per signal.</summary>
    [Alias("Apply")]
    Task ApplyAsync(IncidentDecision decision);

    /// <summary>Quarantines and replaces what is still pending (called by itself after a decision, and on a retry tick).</summary>
    [Alias("Act"), Orleans.Concurrency.OneWay]
    Task ActAsync();

    [Alias("Get"), Orleans.Concurrency.AlwaysInterleave]
    Task<IncidentView?> GetAsync();

    /// <summary>A replacement pair moved on (applied, running, its predecessor's GPUs released).</summary>
    [Alias("PairProgress"), Orleans.Concurrency.OneWay]
    Task PairProgressAsync(PairProgress progress);

    /// <summary>Null when there is no such incident.</summary>
    [Alias("Acknowledge")]
    Task<IncidentView?> AcknowledgeAsync(string by);

    /// <summary>Closes it and lifts its quarantines; resolving a fabric incident resumes automation.</summary>
    [Alias("Resolve")]
    Task<IncidentView?> ResolveAsync(string by, string? note);

    /// <summary>Folds it into a fabric incident: its automatic quarantines are lifted.</summary>
    [Alias("Merge")]
    Task MergeAsync(string into);
}

namespace ControlPlane.Contracts.Incidents;

/// <summary>
/// The one place signals are correlated (key <see cref="Key"/>): one incident per root cause, the same NIC or node blamed
/// across pairs within a window escalates, too much of a pool at once opens a fabric incident and pauses automation.
/// It decides and records; each incident grain then acts on its own pairs, so actions run in parallel.
/// </summary>
[Alias("cp.IFailoverGrain")]
public interface IFailoverGrain : IGrainWithStringKey
{
    const string Key = "fleet";

    /// <summary>The incident the signal went to; null when it touched nothing worth one (a device nobody holds, outside a storm).</summary>
    [Alias("Signal")]
    Task<string?> SignalAsync(FailureSignal signal);

    /// <summary>A person resumes automatic quarantine after a fabric incident.</summary>
    [Alias("Resume")]
    Task ResumeAsync(string by);

    [Alias("Paused")]
    Task<string?> PausedByAsync();
}

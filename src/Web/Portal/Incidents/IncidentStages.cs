using ControlPlane.Wire.Incidents;

namespace ControlPlane.Web.Portal.Incidents;

/// <summary>The path an automatic failover walks, in order, and how far an incident got along it.</summary>
public static class IncidentStages
{
    public static readonly IReadOnlyList<string> Path = [IncidentSteps.Signal, IncidentSteps.Blame, IncidentSteps.Quarantine, IncidentSteps.RePlace, IncidentSteps.Drained, IncidentSteps.Applied, IncidentSteps.Recovered];

    public static StageMark[] Of(IncidentView incident)
    {
        // A stage is done only where the timeline has an entry for it: the marks and the list below them never disagree.
        var reached = Path.Select(stage => (Stage: stage, At: InTimeOrder(incident).FirstOrDefault(s => s.Step == stage)?.At, Done: incident.Timeline.Any(s => s.Step == stage))).ToArray();
        return
        [
            .. reached.Select((r, i) => new StageMark(
                r.Stage,
                r.Done ? StageState.Done : reached.Skip(i + 1).Any(later => later.Done) ? StageState.Skipped : StageState.Pending,
                r.At)),
        ];
    }

    /// <summary>
    /// The timeline by time, ties as recorded: a deployment reports its steps (drained, applied) with the time they
    /// happened, which can be earlier than steps the incident wrote before the report arrived.
    /// </summary>
    public static IEnumerable<IncidentStep> InTimeOrder(IncidentView incident) => incident.Timeline.OrderBy(s => s.At);
}

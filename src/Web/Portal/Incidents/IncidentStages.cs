using ControlPlane.Wire.Incidents;

namespace ControlPlane.Web.Portal.Incidents;

/// <summary>The path an automatic failover walks, in order, and how far an incident got along it.</summary>
public static class IncidentStages
{
    public static readonly IReadOnlyList<string> Path = [IncidentSteps.Signal, IncidentSteps.Blame, IncidentSteps.Quarantine, IncidentSteps.RePlace, IncidentSteps.Drained, IncidentSteps.Applied, IncidentSteps.Recovered];

    public static StageMark[] Of(IncidentView incident)
    {
        var reached = Path.Select(stage => (Stage: stage, At: incident.Timeline.FirstOrDefault(s => s.Step == stage)?.At, Done: incident.Timeline.Any(s => s.Step == stage))).ToArray();

        // Plan-only re-placement has nothing to run: the pair is recovered at once and no "recovered" step is written.
        var last = reached.Length - 1;
        if (!reached[last].Done && incident.Pairs.Length > 0 && incident.Pairs.All(p => p.Progress == IncidentSteps.Recovered))
        {
            reached[last] = reached[last] with { Done = true };
        }

        return
        [
            .. reached.Select((r, i) => new StageMark(
                r.Stage,
                r.Done ? StageState.Done : reached.Skip(i + 1).Any(later => later.Done) ? StageState.Skipped : StageState.Pending,
                r.At)),
        ];
    }
}

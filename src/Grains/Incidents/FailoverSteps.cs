using ControlPlane.Contracts.Deployments;
using ControlPlane.Wire.Incidents;

namespace ControlPlane.Grains.Incidents;

/// <summary>What one pair's failover answer does to the pair in the incident and which timeline entries it writes.</summary>
internal static class FailoverSteps
{
    public static (AffectedPair Pair, IncidentStep[] Steps) Of(AffectedPair pair, FailoverOutcome outcome, DateTimeOffset now, TimeSpan retryEvery)
    {
        IncidentStep Step(string step, string detail) => new() { At = now, Step = step, Detail = detail, Actor = IncidentGrain.Actor, Pair = pair.Id };

        var (next, entry) = outcome.Result switch
        {
            FailoverResult.Replaced => (pair with { Progress = outcome.AwaitsPods ? IncidentSteps.Replaced : IncidentSteps.Recovered, Detail = outcome.Detail, Before = outcome.Previous, After = outcome.Replacement },
                Step(IncidentSteps.RePlace, ReplaceDetail(outcome))),
            FailoverResult.AlreadyReplaced => (pair with { Progress = IncidentSteps.Replaced, Detail = outcome.Detail, After = outcome.Replacement },
                Step(IncidentSteps.RePlace, $"already replaced: {outcome.Detail}")),
            FailoverResult.NotAffected => (pair with { Progress = IncidentSteps.Gone, Detail = outcome.Detail }, Step(IncidentSteps.NotAffected, outcome.Detail)),
            FailoverResult.Unplaceable => (pair with { Progress = IncidentSteps.Unplaceable, Detail = outcome.Detail }, Step(IncidentSteps.Unplaceable, outcome.Detail + "; a person decides")),
            FailoverResult.NotFound => (pair with { Progress = IncidentSteps.Gone, Detail = outcome.Detail }, Step(IncidentSteps.Gone, outcome.Detail)),
            _ => (pair, Step(IncidentSteps.Retry, $"{outcome.Detail}; retried in {retryEvery.TotalSeconds:0.#}s")),
        };

        // Nothing to wait for (plan-only, or a spare that runs already): the pair is recovered now, and the timeline says so.
        return next.Progress == IncidentSteps.Recovered
            ? (next, [entry, Step(IncidentSteps.Recovered, outcome.SwappedIn is null ? "nothing to run (plan-only): recovered at once" : $"{outcome.SwappedIn} runs already: recovered at once")])
            : (next, [entry]);
    }

    /// <summary>A swapped-in spare says so itself (it runs already, nothing awaits its pods).</summary>
    private static string ReplaceDetail(FailoverOutcome outcome) =>
        outcome.SwappedIn is not null ? outcome.Detail
        : outcome.Detail + (outcome.AwaitsPods ? "; the old pair drains" : "; plan-only: nothing to run, the old pair's GPUs are released");
}

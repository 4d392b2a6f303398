using ControlPlane.Contracts.Incidents;
using ControlPlane.Contracts.Nodes;
using ControlPlane.Wire.Incidents;
using ControlPlane.Wire.Nodes;

namespace ControlPlane.Grains.Incidents;

/// <summary>
/// What an incident holds on nodes (<see cref="HeldComponent"/>): it quarantines the blamed GPU or NIC port, or cordons
/// the blamed node, and gives them back when it closes, except what is still broken (<see cref="StillBroken"/>).
/// </summary>
internal sealed class IncidentHolds(IGrainFactory grains, string incident, string actor, TimeProvider clock)
{
    public async Task<IncidentStep> QuarantineAsync(IncidentView view, FailureSignal signal)
    {
        var now = clock.GetUtcNow();
        var blamed = view.Blamed;
        var node = grains.GetGrain<INodeGrain>(blamed.Node);
        if (blamed.Kind == ComponentKind.Node)
        {
            if (await node.GetAsync() is { Cordon.Cordoned: true } already)
            {
                return new IncidentStep { At = now, Step = IncidentSteps.QuarantineSkipped, Detail = $"{blamed.Node} is cordoned already ({already.Cordon.Reason})", Actor = actor };
            }

            await node.SetCordonAsync(new CordonChange { Cordon = true, Reason = CordonReason.Clip($"incident {incident}: {view.Title}"), By = actor });
            return new IncidentStep { At = now, Step = IncidentSteps.Quarantine, Detail = $"cordoned {blamed.Node}: nothing new is placed on it", Actor = actor };
        }

        var component = blamed.Kind == ComponentKind.Gpu ? QuarantineKeys.Gpu(blamed.Gpu ?? -1) : QuarantineKeys.Nic(blamed.Nic ?? "", blamed.NicPort ?? 1);
        await node.QuarantineAsync(new Quarantine
        {
            Component = component, Reason = view.Title, Incident = incident, By = actor, At = now, LiftWhenStable = signal.Kind == IncidentKind.Hardware,
        });
        return new IncidentStep
        {
            At = now, Step = IncidentSteps.Quarantine, Actor = actor,
            Detail = $"{blamed} kept out of placement" + (signal.Kind == IncidentKind.Hardware ? $"; re-admitted once healthy for the configured time" : "; until a person resolves the incident"),
        };
    }

    /// <summary>
    /// Gives back what the incident kept out of placement; with <paramref name="keepBroken"/> (a person closing it) what is
    /// still broken stays (<see cref="StillBroken"/>), and the timeline says why and what a person does once it is repaired.
    /// </summary>
    public async Task<List<IncidentStep>> LiftAsync(IEnumerable<string> held, string by, bool keepBroken)
    {
        var steps = new List<IncidentStep>();
        foreach (var key in held)
        {
            var (nodeName, component) = HeldComponent.Parse(key);
            var node = grains.GetGrain<INodeGrain>(nodeName);
            var view = await node.GetAsync();
            if (keepBroken && view is not null && StillBroken.Why(view, component) is { } broken)
            {
                if (component != HeldComponent.Cordon)
                {
                    // Nobody is left to lift it: it comes back by itself once healthy for the configured time.
                    await node.QuarantineAsync(new Quarantine
                    {
                        Component = component, Reason = $"kept when incident {incident} closed: {broken}", Incident = incident, By = by, At = clock.GetUtcNow(), LiftWhenStable = true,
                    });
                }

                steps.Add(new IncidentStep
                {
                    At = clock.GetUtcNow(), Step = IncidentSteps.Kept, Actor = by,
                    Detail = component == HeldComponent.Cordon
                        ? $"{nodeName} stays cordoned: {broken}; uncordon it (POST /api/v1/nodes/{nodeName}/uncordon) once it is repaired"
                        : $"{component} of {nodeName} stays out of placement: {broken}; it comes back by itself once healthy for the configured time",
                });
                continue;
            }

            if (component == HeldComponent.Cordon)
            {
                if (view is { Cordon.Cordoned: true } && view.Cordon.Reason?.StartsWith($"incident {incident}", StringComparison.Ordinal) == true)
                {
                    await node.SetCordonAsync(new CordonChange { Cordon = false, Reason = CordonReason.Clip($"incident {incident} closed by {by}"), By = by });
                    steps.Add(new IncidentStep { At = clock.GetUtcNow(), Step = IncidentSteps.Lifted, Detail = $"uncordoned {nodeName}", Actor = by });
                }
            }
            else if (await node.LiftQuarantineAsync(component, incident, by))
            {
                steps.Add(new IncidentStep { At = clock.GetUtcNow(), Step = IncidentSteps.Lifted, Detail = $"{component} of {nodeName} back in placement", Actor = by });
            }
        }

        return steps;
    }
}

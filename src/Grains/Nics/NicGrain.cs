using ControlPlane.Contracts.Nics;
using ControlPlane.Health;
using ControlPlane.Wire.Nics;
using Orleans.Placement;

namespace ControlPlane.Grains.Nics;

/// <summary>
/// One NIC port's health history (key <c>node/device:port</c>); called only on change, and not for a port first seen
/// healthy, so a fleet of healthy NICs activates none of these.
/// </summary>
// Activated by its node grain, so placed beside it: the node's claims and tells stay in its silo.
[PreferLocalPlacement]
[CollectionAgeLimit(Minutes = 5)]
public sealed class NicGrain(
    [PersistentState("nic", StorageNames.Default)] IPersistentState<NicGrain.Record> state) : Grain, INicGrain
{
    public async Task ObserveAsync(NicObservation observation)
    {
        var current = state.State.Nic;
        if (current is not null && current.Report == observation.Report && current.Health.SameVerdictAs(observation.Health))
        {
            return;
        }

        var (since, history) = HealthHistory.Observe(current?.Health ?? observation.Before, current?.Since ?? default, current?.History, observation.Health, observation.At);
        var next = new Record
        {
            Nic = new NicRecord
            {
                Key = this.GetPrimaryKeyString(),
                Report = observation.Report,
                Health = observation.Health,
                Since = since,
                History = history,
            },
        };
        await state.CommitAsync(next, GrainContext, "the observation");
    }

    public Task<NicRecord?> GetAsync() => Task.FromResult(state.State.Nic);

    [GenerateSerializer, Immutable, Alias("cp.NicGrain.Record")]
    public sealed record Record
    {
        [Id(0)] public NicRecord? Nic { get; init; }
    }
}

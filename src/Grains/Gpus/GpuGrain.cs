using ControlPlane.Contracts.Gpus;
using ControlPlane.Health;
using ControlPlane.Wire.Gpus;

namespace ControlPlane.Grains.Gpus;

/// <summary>
/// One GPU's health history, wherever it is installed. Node grains call it only when the GPU's
/// verdict or place changes, so an idle GPU grain is collected soon after.
/// </summary>
[CollectionAgeLimit(Minutes = 5)]
public sealed class GpuGrain(
    [PersistentState("gpu", StorageNames.Default)] IPersistentState<GpuGrain.Record> state) : Grain, IGpuGrain
{
    public async Task ObserveAsync(GpuObservation observation)
    {
        var current = state.State.Gpu;
        if (current is not null && current.Node == observation.Node && current.Index == observation.Index
            && current.PciBusId == observation.PciBusId && current.Health.SameVerdictAs(observation.Health))
        {
            return;
        }

        var (since, history) = HealthHistory.Observe(current?.Health, current?.Since ?? default, current?.History, observation.Health, observation.At);
        state.State = new Record
        {
            Gpu = new GpuRecord
            {
                Uuid = this.GetPrimaryKeyString(),
                Node = observation.Node,
                Index = observation.Index,
                Model = observation.Model,
                PciBusId = observation.PciBusId,
                Health = observation.Health,
                Since = since,
                History = history,
            },
        };
        await state.WriteStateAsync();
    }

    public Task<GpuRecord?> GetAsync() => Task.FromResult(state.State.Gpu);

    [GenerateSerializer, Immutable, Alias("cp.GpuGrain.Record")]
    public sealed record Record
    {
        [Id(0)] public GpuRecord? Gpu { get; init; }
    }
}

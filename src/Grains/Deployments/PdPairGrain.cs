using ControlPlane.Contracts.Deployments;
using ControlPlane.Wire.Deployments;
using Orleans.Placement;

namespace ControlPlane.Grains.Deployments;

/// <summary>
/// One prefill/decode pair: where it runs, the wire between its replicas, its state and history. Its deployment grain
/// is its first caller, so it lives beside it.
/// </summary>
[PreferLocalPlacement]
public sealed class PdPairGrain(
    [PersistentState("pair", StorageNames.Default)] IPersistentState<PdPairGrain.State> state,
    TimeProvider clock) : Grain, IPdPairGrain
{
    private const int HistoryLimit = 50;

    public async Task RecordAsync(PairView pair)
    {
        var history = state.State.Record?.History ?? [];
        var previous = state.State.Record?.Pair.State;
        if (previous is { } from && from != pair.State)
        {
            history = [.. history.Append(new PairTransition { At = clock.GetUtcNow(), From = from, To = pair.State, Reason = "re-placed" }).TakeLast(HistoryLimit)];
        }

        await state.CommitAsync(new State { Record = new PairRecord { Pair = pair, History = history } }, GrainContext, "the pair");
    }

    public async Task<PairView?> TransitionAsync(PairState to, string reason)
    {
        if (state.State.Record is not { } record)
        {
            return null;
        }

        var from = record.Pair.State;
        if (from == to)
        {
            return record.Pair;
        }

        if (!PairTransitions.IsAllowed(from, to))
        {
            throw new InvalidOperationException($"pair {this.GetPrimaryKeyString()} cannot go from {from} to {to}");
        }

        var now = clock.GetUtcNow();
        var pair = record.Pair with { State = to, Since = now };
        await state.CommitAsync(
            new State
            {
                Record = new PairRecord
                {
                    Pair = pair,
                    History = [.. record.History.Append(new PairTransition { At = now, From = from, To = to, Reason = reason }).TakeLast(HistoryLimit)],
                },
            },
            GrainContext,
            $"the transition to {to}");
        return pair;
    }

    [GenerateSerializer, Immutable, Alias("cp.PdPairGrain.State")]
    public sealed record State
    {
        [Id(0)] public PairRecord? Record { get; init; }
    }
}

/// <summary>A pair as last recorded, with its bounded transition history.</summary>
[GenerateSerializer, Immutable, Alias("cp.PairRecord")]
public sealed record PairRecord
{
    [Id(0)] public required PairView Pair { get; init; }
    [Id(1)] public PairTransition[] History { get; init; } = [];
}

[GenerateSerializer, Immutable, Alias("cp.PairTransition")]
public sealed record PairTransition
{
    [Id(0)] public required DateTimeOffset At { get; init; }
    [Id(1)] public required PairState From { get; init; }
    [Id(2)] public required PairState To { get; init; }
    [Id(3)] public required string Reason { get; init; }
}

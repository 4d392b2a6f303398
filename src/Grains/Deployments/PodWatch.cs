using System.Text.Json;
using ControlPlane.Contracts.Deployments;
using ControlPlane.Kubernetes;
using ControlPlane.Wire.Deployments;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Grains.Deployments;

/// <summary>
/// The level-triggered half: a grain timer (every ResyncInterval, while there is a cluster and something to follow) and
/// a pod watch (its edge trigger) look at the pods, move each pair by what its pods say, release the GPUs of removed
/// pairs whose pods are gone and finish a delete; a reminder wakes the deployment after its silo was lost.
/// </summary>
internal sealed partial class PodWatch(DeploymentScope d)
{
    private readonly StuckPods _stuck = new(d);

    private const string WakeUpReminder = "wake-up";

    private IGrainTimer? resync;

    private CancellationTokenSource? watching;

    internal async Task PodsChangedAsync()
    {
        // Every event gets its own look (a debounce would drop the last event of a burst until the next resync).
        if (resync is not null)
        {
            await ResyncAsync(CancellationToken.None);
        }
    }

    /// <summary>
    /// Runs off the grain's scheduler and touches no state: each pod change only calls the grain (one-way), which lists
    /// its pods under its own turn. Ends with the resync (cancelled) or when the grain deactivates.
    /// </summary>
    internal void StartWatch()
    {
        if (!d.Options.Watch || watching is not null)
        {
            return;
        }

        watching = new CancellationTokenSource();
        var token = watching.Token;
        var self = d.Grains.GetGrain<IModelDeploymentGrain>(d.Name);
        var name = d.Name;
        _ = Task.Run(async () =>
        {
            while (!token.IsCancellationRequested)
            {
                try
                {
                    await foreach (var _ in d.Applier.WatchPodsAsync(name, cancellationToken: token))
                    {
                        await self.PodsChangedAsync();
                    }
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e) when (ObjectSync.IsClusterFailure(e) || e is IOException)
                {
                    // IOException: the connection dropped mid-stream (HttpIOException); the watch starts again.
                    LogWatchFailed(d.Logger, e, name);
                    await Task.Delay(d.Options.ResyncInterval, token);
                }
            }
        }, token);
    }

    internal async Task ResyncAsync(CancellationToken cancellationToken)
    {
        var s = d.Record;
        if (s.Spec is null)
        {
            StopResync();
            await KeepWakeUpAsync(false);
            return;
        }

        if (s.Status == DeploymentStatus.ApplyFailed && d.Clock.GetUtcNow() >= s.RetryAt)
        {
            await d.Objects.ApplyAsync();
        }

        if (s.Status == DeploymentStatus.Deleting && !s.DeleteSent)
        {
            await d.Objects.SendDeleteAsync();
        }

        IReadOnlyList<ReplicaPodStatus> pods;
        try
        {
            pods = await d.Applier.ListPodsAsync(d.Name, cancellationToken: cancellationToken);
        }
        catch (Exception e) when (ObjectSync.IsClusterFailure(e))
        {
            LogResyncFailed(d.Logger, e, d.Name);
            return;
        }

        await ObserveAsync(await _stuck.ForceDeleteAsync(pods));
        if (!NeedsResync(d.Record))
        {
            StopResync();
            await KeepWakeUpAsync(false);
        }
    }


    internal async Task ObserveAsync(IReadOnlyList<ReplicaPodStatus> pods)
    {
        var s = d.Record;
        var now = d.Clock.GetUtcNow();
        if (s.Status == DeploymentStatus.Deleting)
        {
            if (pods.Count == 0 && s.DeleteSent)
            {
                LogDeleted(d.Logger, d.Name);
                await d.Spec.ForgetAsync("its pods are gone");
                return;
            }

            var terminating = s.Pairs.Select(p => p with { Pods = PairObservation.Observe(p, pods, now, d.Options.DegradedAfter).Pods }).ToArray();
            var terminatingSpares = s.Spares.Select(p => p with { Pods = PairObservation.Observe(p, pods, now, d.Options.DegradedAfter).Pods }).ToArray();
            var message = s.DeleteSent ? $"waiting for {pods.Count} pods to go ({string.Join(", ", pods.Select(p => p.Name))}); the GPUs are released then" : s.Message;
            await WriteIfChangedAsync(s, s with { Pairs = terminating, Spares = terminatingSpares, Message = message });
            return;
        }

        var gone = s.Removing.Where(r => pods.All(p => p.Unit != PairUnit.Of(r).Name)).ToArray();
        if (gone.Length > 0)
        {
            await d.Holdings.ReleasePairsAsync(gone, "released: its pods are gone");
            s = s with
            {
                Removing = [.. s.Removing.Where(r => !gone.Contains(r))],
                Message = $"{string.Join(", ", gone.Select(g => g.Index >= 0 ? $"pair {g.Index} ({PairUnit.Of(g)})" : PairUnit.Of(g).Name))} released: their pods are gone",
            };
            await d.WriteAsync(s);
        }

        var removing = s.Removing.Select(r => r with { Pods = PairObservation.Observe(r, pods, now, d.Options.DegradedAfter).Pods }).ToArray();
        var pairs = await Task.WhenAll(s.Pairs.Select(async p =>
        {
            var outcome = PairObservation.Observe(p, pods, now, d.Options.DegradedAfter);
            if (outcome.State == p.State)
            {
                return p with { Pods = outcome.Pods, Reason = outcome.Reason ?? p.Reason };
            }

            var next = await TransitionAsync(p, outcome.State, outcome.Reason ?? "observed");
            return await d.Logs.AfterTransitionAsync(p, next with { Pods = outcome.Pods, Reason = outcome.Reason ?? next.Reason });
        }));

        // Spares move by their pods too, but signal nothing: no incident is about a pair that serves nothing. Their wire
        // is checked when they first run, so a spare that NCCL runs slower than placed is never swapped in.
        var spares = await Task.WhenAll(s.Spares.Select(async p =>
        {
            var outcome = PairObservation.Observe(p, pods, now, d.Options.DegradedAfter);
            if (outcome.State == p.State)
            {
                return p with { Pods = outcome.Pods, Reason = outcome.Reason ?? p.Reason };
            }

            var next = await TransitionAsync(p, outcome.State, outcome.Reason ?? "observed") with { Pods = outcome.Pods };
            return next.State == PairState.Running && next.WireCheck is null ? await d.Spares.CheckSpareWireAsync(next) : next;
        }));
        await WriteIfChangedAsync(s, s with { Pairs = pairs, Spares = spares, Removing = removing, Status = s.Status is DeploymentStatus.Applying or DeploymentStatus.Running or DeploymentStatus.Degraded ? StatusOf(pairs) : s.Status });

        if (d.Record.Status == DeploymentStatus.Pending && d.Record.Removing.Length == 0 && d.Record.Spec is { } spec)
        {
            // Re-placing: the previous pods are gone and their GPUs released; place the new spec now.
            await d.Holdings.PlaceNewAsync(spec, d.Record.Generation);
        }
        else if (d.Record.Spares.Where(p => p.State == PairState.Failed).ToArray() is { Length: > 0 } failed)
        {
            await d.Spares.ReplaceSparesAsync(failed, string.Join("; ", failed.Select(p => $"{PairUnit.Of(p)} failed ({p.Reason})")));
        }
        else if (d.Record.Pairs.Concat(d.Record.Spares).Any(p => p.State == PairState.Planned) && d.Record.Status is DeploymentStatus.Applying)
        {
            await d.Objects.ApplyAsync();
        }
    }

    internal async Task WriteIfChangedAsync(DeploymentRecord before, DeploymentRecord after)
    {
        if (JsonSerializer.Serialize(before) != JsonSerializer.Serialize(after))
        {
            await d.WriteAsync(after with { UpdatedAt = d.Clock.GetUtcNow() });
        }
    }

    internal async Task<PairView> TransitionAsync(PairView pair, PairState to, string reason)
    {
        var moved = await d.Grains.Grain<IPdPairGrain>(pair.Id).TransitionAsync(to, reason);
        return (moved ?? pair with { State = to, Since = d.Clock.GetUtcNow() }) with
        {
            Pods = pair.Pods, Reason = reason, Revision = pair.Revision, Incident = pair.Incident, WireCheck = pair.WireCheck,
        };
    }

    internal static DeploymentStatus StatusOf(IReadOnlyList<PairView> pairs) =>
        pairs.Count > 0 && pairs.All(p => p.State == PairState.Running) ? DeploymentStatus.Running
        : pairs.Any(p => p.State is PairState.Degraded or PairState.Failed) ? DeploymentStatus.Degraded
        : DeploymentStatus.Applying;

    internal bool NeedsResync(DeploymentRecord s) =>
        d.InCluster && s.Spec is not null && (s.Removing.Length > 0 || s.Status is DeploymentStatus.Applying or DeploymentStatus.Running
            or DeploymentStatus.Degraded or DeploymentStatus.ApplyFailed or DeploymentStatus.Deleting or DeploymentStatus.Pending);

    internal void EnsureResync()
    {
        if (resync is null && NeedsResync(d.Record))
        {
            var every = d.Options.ResyncInterval;
            resync = d.Grain.RegisterGrainTimer(ResyncAsync, new GrainTimerCreationOptions(every, every) { KeepAlive = true });
            StartWatch();
            KeepWakeUpAsync(true).Ignore();
        }
    }

    /// <summary>
    /// The timer lives with the activation; the reminder outlives it. While the deployment has work it holds a
    /// reminder whose tick only reactivates it (a lost silo, then nobody calling), so its timer starts again.
    /// </summary>
    internal async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        EnsureResync();
        if (!NeedsResync(d.Record))
        {
            await KeepWakeUpAsync(false);
        }
    }

    internal async Task KeepWakeUpAsync(bool needed)
    {
        if (needed)
        {
            await d.Grain.RegisterOrUpdateReminder(WakeUpReminder, d.Options.WakeUpEvery, d.Options.WakeUpEvery);
        }
        else if (await d.Grain.GetReminder(WakeUpReminder) is { } reminder)
        {
            await d.Grain.UnregisterReminder(reminder);
        }
    }

    internal void StopResync()
    {
        resync?.Dispose();
        resync = null;
        watching?.Cancel();
        watching?.Dispose();
        watching = null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deployment {Name}: listing its pods failed; retried by the next resync")]
    private static partial void LogResyncFailed(ILogger logger, Exception exception, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deployment {Name}: watching its pods failed; the resync goes on, the watch starts again")]
    private static partial void LogWatchFailed(ILogger logger, Exception exception, string name);



    [LoggerMessage(Level = LogLevel.Information, Message = "Deployment {Name}: its pods are gone; GPUs released")]
    private static partial void LogDeleted(ILogger logger, string name);
}

using System.Text.Json;
using ControlPlane.Contracts.Deployments;
using ControlPlane.Kubernetes;
using ControlPlane.Wire.Deployments;
using k8s.Autorest;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Grains.Deployments;

/// <summary>
/// The level-triggered half: a grain timer (every <see cref="DeploymentOptions.ResyncInterval"/>, while there is a cluster
/// and something to follow) retries a refused apply or delete, lists the pods, moves each pair by what its pods say,
/// releases the GPUs of removed pairs whose pods are gone, and finishes a delete.
/// </summary>
public sealed partial class ModelDeploymentGrain : IRemindable
{
    private const string WakeUpReminder = "wake-up";
    private IGrainTimer? resync;
    private CancellationTokenSource? watching;

    public async Task PodsChangedAsync()
    {
        // Every event gets its own look (a debounce would drop the last event of a burst until the next resync).
        if (resync is not null)
        {
            await ResyncAsync(CancellationToken.None);
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        StopResync();
        return base.OnDeactivateAsync(reason, cancellationToken);
    }

    /// <summary>
    /// Runs off the grain's scheduler and touches no state: each pod change only calls the grain (one-way), which lists
    /// its pods under its own turn. Ends with the resync (cancelled) or when the grain deactivates.
    /// </summary>
    private void StartWatch()
    {
        if (!options.Value.Watch || watching is not null)
        {
            return;
        }

        watching = new CancellationTokenSource();
        var token = watching.Token;
        var self = GrainFactory.GetGrain<IModelDeploymentGrain>(Name);
        var name = Name;
        _ = Task.Run(async () =>
        {
            while (!token.IsCancellationRequested)
            {
                try
                {
                    await foreach (var _ in applier.WatchPodsAsync(name, cancellationToken: token))
                    {
                        await self.PodsChangedAsync();
                    }
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e) when (IsClusterFailure(e))
                {
                    LogWatchFailed(e, name);
                    await Task.Delay(options.Value.ResyncInterval, token);
                }
            }
        }, token);
    }

    /// <summary>
    /// Applies the objects of the pairs not applied yet (Planned) and the deployment-wide ones (router, budget); pairs
    /// already applied are not touched. With no pair pending it still applies the deployment-wide objects when a
    /// shrink left them stale (the router would keep sending requests to removed pairs).
    /// </summary>
    private async Task ApplyAsync()
    {
        var s = state.State;
        var pending = s.Pairs.Concat(s.Spares).Where(p => p.State == PairState.Planned).Select(PairUnit.Of).ToHashSet();
        if ((pending.Count == 0 && !s.SharedStale && !s.Relabel) || s.Spec is null || s.Pairs.Length == 0)
        {
            return;
        }

        // A re-placed pair keeps its unit, so its objects have the old pods' names: those must be gone first.
        if (s.Removing.Any(r => pending.Contains(PairUnit.Of(r))))
        {
            await WriteAsync(s with { Status = DeploymentStatus.Applying, Message = "waiting for the pods of the previous pairs to go before applying" });
            EnsureResync();
            return;
        }

        ApplyResult result;
        try
        {
            var manifests = DeploymentManifests.Render(Name, s.Spec, s.Pairs, kubernetes.Value, s.Spares);
            result = await applier.ApplyAsync(s.Relabel ? manifests : manifests.OnlyUnits(pending));
        }
        catch (Exception e) when (IsClusterFailure(e))
        {
            var attempts = s.ApplyAttempts + 1;
            var wait = Backoff(attempts);
            LogApplyFailed(e, Name, attempts);
            await WriteAsync(s with
            {
                Status = DeploymentStatus.ApplyFailed,
                ApplyAttempts = attempts,
                RetryAt = clock.GetUtcNow() + wait,
                UpdatedAt = clock.GetUtcNow(),
                Message = $"apply {Describe(e)}; the GPUs stay reserved; attempt {attempts}, retrying in {wait.TotalSeconds:0.#}s",
            });
            EnsureResync();
            return;
        }

        if (!result.Done)
        {
            // Plan-only: nothing was sent, the pairs stay Planned and the message says why.
            await WriteAsync(s with { Status = DeploymentStatus.Placed, Message = Join(s.Message, result.Message) });
            return;
        }

        var bound = await Task.WhenAll(s.Pairs.Select(async p => pending.Contains(PairUnit.Of(p))
            ? await AfterTransitionAsync(p, await TransitionAsync(p, PairState.Bound, "objects applied"))
            : p));
        var spares = await Task.WhenAll(s.Spares.Select(async p => pending.Contains(PairUnit.Of(p)) ? await TransitionAsync(p, PairState.Bound, "objects applied (warm spare)") : p));
        await WriteAsync(s with
        {
            SharedStale = false,
            Relabel = false,
            Pairs = bound,
            Spares = spares,
            Status = StatusOf(bound),
            ApplyAttempts = 0,
            RetryAt = null,
            UpdatedAt = clock.GetUtcNow(),
            Message = result.Message,
        });
        EnsureResync();
    }

    private async Task SendDeleteAsync()
    {
        try
        {
            var result = await applier.DeleteAsync(Name);
            await WriteAsync(state.State with { DeleteSent = true, Message = $"{result.Message} Waiting for the pods to go; the GPUs are released then." });
        }
        catch (Exception e) when (IsClusterFailure(e))
        {
            LogDeleteFailed(e, Name);
            await WriteAsync(state.State with { Message = $"delete: {Describe(e)}; retrying; the GPUs stay reserved" });
        }
    }

    /// <summary>Deletes the objects of pairs taken out of the spec (already moved to Removing); without a cluster they are released at once.</summary>
    private async Task RemoveAsync(IReadOnlyList<PairView> pairs)
    {
        if (pairs.Count == 0)
        {
            return;
        }

        // In a cluster even a Planned pair may have pods (an apply refused half-way): its GPUs wait for the observation.
        if (!InCluster)
        {
            try
            {
                await ReleaseRemovedAsync(pairs);
            }
            catch (Exception e) when (Outages.Is(e))
            {
                // The change is recorded (the pairs are Removing): their GPUs are given back on a retry, not by failing the change.
                LogReleaseFailed(e, Name);
                Later(RetryDelay, () => ReleaseRemovedAsync([.. state.State.Removing.Where(pairs.Contains)]));
            }

            return;
        }

        try
        {
            await applier.DeletePairsAsync(Name, [.. pairs.Select(PairUnit.Of).Distinct()]);
        }
        catch (Exception e) when (IsClusterFailure(e))
        {
            // The next resync finds their pods still there and asks again.
            LogDeleteFailed(e, Name);
        }

        EnsureResync();
    }

    private async Task ReleaseRemovedAsync(IReadOnlyList<PairView> pairs)
    {
        if (pairs.Count == 0)
        {
            return;
        }

        await ReleasePairsAsync(pairs, "released: taken out of the spec (plan-only: nothing ran)");
        await WriteAsync(state.State with { Removing = [.. state.State.Removing.Where(r => !pairs.Contains(r))] });
    }

    private async Task ResyncAsync(CancellationToken cancellationToken)
    {
        var s = state.State;
        if (s.Spec is null)
        {
            StopResync();
            await KeepWakeUpAsync(false);
            return;
        }

        if (s.Status == DeploymentStatus.ApplyFailed && clock.GetUtcNow() >= s.RetryAt)
        {
            await ApplyAsync();
        }

        if (s.Status == DeploymentStatus.Deleting && !s.DeleteSent)
        {
            await SendDeleteAsync();
        }

        IReadOnlyList<ReplicaPodStatus> pods;
        try
        {
            pods = await applier.ListPodsAsync(Name, cancellationToken: cancellationToken);
        }
        catch (Exception e) when (IsClusterFailure(e))
        {
            LogResyncFailed(e, Name);
            return;
        }

        await ObserveAsync(pods);
        if (!NeedsResync(state.State))
        {
            StopResync();
            await KeepWakeUpAsync(false);
        }
    }

    private async Task ObserveAsync(IReadOnlyList<ReplicaPodStatus> pods)
    {
        var s = state.State;
        var now = clock.GetUtcNow();
        if (s.Status == DeploymentStatus.Deleting)
        {
            if (pods.Count == 0 && s.DeleteSent)
            {
                LogDeleted(Name);
                await ForgetAsync("its pods are gone");
                return;
            }

            var terminating = s.Pairs.Select(p => p with { Pods = PairObservation.Observe(p, pods, now, options.Value.DegradedAfter).Pods }).ToArray();
            var terminatingSpares = s.Spares.Select(p => p with { Pods = PairObservation.Observe(p, pods, now, options.Value.DegradedAfter).Pods }).ToArray();
            var message = s.DeleteSent ? $"waiting for {pods.Count} pods to go ({string.Join(", ", pods.Select(p => p.Name))}); the GPUs are released then" : s.Message;
            await WriteIfChangedAsync(s, s with { Pairs = terminating, Spares = terminatingSpares, Message = message });
            return;
        }

        var gone = s.Removing.Where(r => pods.All(p => p.Unit != PairUnit.Of(r).Name)).ToArray();
        if (gone.Length > 0)
        {
            await ReleasePairsAsync(gone, "released: its pods are gone");
            s = s with
            {
                Removing = [.. s.Removing.Where(r => !gone.Contains(r))],
                Message = $"{string.Join(", ", gone.Select(g => g.Index >= 0 ? $"pair {g.Index} ({PairUnit.Of(g)})" : PairUnit.Of(g).Name))} released: their pods are gone",
            };
            await WriteAsync(s);
        }

        var removing = s.Removing.Select(r => r with { Pods = PairObservation.Observe(r, pods, now, options.Value.DegradedAfter).Pods }).ToArray();
        var pairs = await Task.WhenAll(s.Pairs.Select(async p =>
        {
            var outcome = PairObservation.Observe(p, pods, now, options.Value.DegradedAfter);
            if (outcome.State == p.State)
            {
                return p with { Pods = outcome.Pods, Reason = outcome.Reason ?? p.Reason };
            }

            var next = await TransitionAsync(p, outcome.State, outcome.Reason ?? "observed");
            return await AfterTransitionAsync(p, next with { Pods = outcome.Pods, Reason = outcome.Reason ?? next.Reason });
        }));

        // Spares move by their pods too, but signal nothing: no incident is about a pair that serves nothing. Their wire
        // is checked when they first run, so a spare that NCCL runs slower than placed is never swapped in.
        var spares = await Task.WhenAll(s.Spares.Select(async p =>
        {
            var outcome = PairObservation.Observe(p, pods, now, options.Value.DegradedAfter);
            if (outcome.State == p.State)
            {
                return p with { Pods = outcome.Pods, Reason = outcome.Reason ?? p.Reason };
            }

            var next = await TransitionAsync(p, outcome.State, outcome.Reason ?? "observed") with { Pods = outcome.Pods };
            return next.State == PairState.Running && next.WireCheck is null ? await CheckSpareWireAsync(next) : next;
        }));
        await WriteIfChangedAsync(s, s with { Pairs = pairs, Spares = spares, Removing = removing, Status = s.Status is DeploymentStatus.Applying or DeploymentStatus.Running or DeploymentStatus.Degraded ? StatusOf(pairs) : s.Status });

        if (state.State.Status == DeploymentStatus.Pending && state.State.Removing.Length == 0 && state.State.Spec is { } spec)
        {
            // Re-placing: the previous pods are gone and their GPUs released; place the new spec now.
            await PlaceNewAsync(spec, state.State.Generation);
        }
        else if (state.State.Spares.Where(p => p.State == PairState.Failed).ToArray() is { Length: > 0 } failed)
        {
            await ReplaceSparesAsync(failed, string.Join("; ", failed.Select(p => $"{PairUnit.Of(p)} failed ({p.Reason})")));
        }
        else if (state.State.Pairs.Concat(state.State.Spares).Any(p => p.State == PairState.Planned) && state.State.Status is DeploymentStatus.Applying)
        {
            await ApplyAsync();
        }
    }

    private async Task WriteIfChangedAsync(DeploymentRecord before, DeploymentRecord after)
    {
        if (JsonSerializer.Serialize(before) != JsonSerializer.Serialize(after))
        {
            await WriteAsync(after with { UpdatedAt = clock.GetUtcNow() });
        }
    }

    private async Task<PairView> TransitionAsync(PairView pair, PairState to, string reason)
    {
        var moved = await GrainFactory.Grain<IPdPairGrain>(pair.Id).TransitionAsync(to, reason);
        return (moved ?? pair with { State = to, Since = clock.GetUtcNow() }) with
        {
            Pods = pair.Pods, Reason = reason, Revision = pair.Revision, Incident = pair.Incident, WireCheck = pair.WireCheck,
        };
    }

    private static DeploymentStatus StatusOf(IReadOnlyList<PairView> pairs) =>
        pairs.Count > 0 && pairs.All(p => p.State == PairState.Running) ? DeploymentStatus.Running
        : pairs.Any(p => p.State is PairState.Degraded or PairState.Failed) ? DeploymentStatus.Degraded
        : DeploymentStatus.Applying;

    private bool NeedsResync(DeploymentRecord s) =>
        InCluster && s.Spec is not null && (s.Removing.Length > 0 || s.Status is DeploymentStatus.Applying or DeploymentStatus.Running
            or DeploymentStatus.Degraded or DeploymentStatus.ApplyFailed or DeploymentStatus.Deleting or DeploymentStatus.Pending);

    private void EnsureResync()
    {
        if (resync is null && NeedsResync(state.State))
        {
            var every = options.Value.ResyncInterval;
            resync = this.RegisterGrainTimer(ResyncAsync, new GrainTimerCreationOptions(every, every) { KeepAlive = true });
            StartWatch();
            KeepWakeUpAsync(true).Ignore();
        }
    }

    /// <summary>
    /// The timer lives with the activation; the reminder outlives it. While the deployment has work it holds a
    /// reminder whose tick only reactivates it (a lost silo, then nobody calling), so its timer starts again.
    /// </summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        EnsureResync();
        if (!NeedsResync(state.State))
        {
            await KeepWakeUpAsync(false);
        }
    }

    private async Task KeepWakeUpAsync(bool needed)
    {
        if (needed)
        {
            await this.RegisterOrUpdateReminder(WakeUpReminder, options.Value.WakeUpEvery, options.Value.WakeUpEvery);
        }
        else if (await this.GetReminder(WakeUpReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private void StopResync()
    {
        resync?.Dispose();
        resync = null;
        watching?.Cancel();
        watching?.Dispose();
        watching = null;
    }

    private TimeSpan Backoff(int attempts)
    {
        var o = options.Value;
        var wait = o.ApplyRetryInitial * Math.Pow(2, Math.Min(attempts - 1, 16));
        return wait > o.ApplyRetryMax ? o.ApplyRetryMax : wait;
    }

    private static bool IsClusterFailure(Exception e) =>
        e is HttpOperationException or HttpRequestException or k8s.KubernetesException or TaskCanceledException;

    /// <summary>The API server's own words: the Status message of its answer, with the code and reason.</summary>
    private static string Describe(Exception e)
    {
        if (e is HttpOperationException { Response: { } response })
        {
            var message = response.Content;
            try
            {
                using var status = JsonDocument.Parse(response.Content ?? "");
                if (status.RootElement.TryGetProperty("message", out var m))
                {
                    message = m.GetString();
                }
            }
            catch (JsonException)
            {
            }

            return $"refused by the API server ({(int)response.StatusCode} {response.ReasonPhrase}): {message}";
        }

        return e is HttpRequestException or TaskCanceledException
            ? $"the Kubernetes API server is unreachable: {e.Message}"
            : $"the Kubernetes API server failed: {e.Message}";
    }

    private static string Join(string? a, string b) => string.IsNullOrEmpty(a) ? b : $"{a}; {b}";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deployment {Name}: apply failed (attempt {Attempts}); the GPUs stay reserved and it is retried")]
    private partial void LogApplyFailed(Exception exception, string name, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deployment {Name}: delete failed; retried by the next resync")]
    private partial void LogDeleteFailed(Exception exception, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deployment {Name}: listing its pods failed; retried by the next resync")]
    private partial void LogResyncFailed(Exception exception, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deployment {Name}: watching its pods failed; the resync goes on, the watch starts again")]
    private partial void LogWatchFailed(Exception exception, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deployment {Name}: its pods are gone; GPUs released")]
    private partial void LogDeleted(string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deployment {Name}: releasing the GPUs of removed pairs failed; they stay Removing and are released on a retry")]
    private partial void LogReleaseFailed(Exception exception, string name);
}

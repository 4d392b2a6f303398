using System.Diagnostics;
using System.Text.Json;
using ControlPlane.Grains.Telemetry;
using ControlPlane.Kubernetes;
using ControlPlane.Wire.Deployments;
using Microsoft.Extensions.Logging;
using k8s.Autorest;

namespace ControlPlane.Grains.Deployments;

/// <summary>
/// The deployment's Kubernetes objects: applies those of pairs not applied yet and the deployment-wide ones, deletes
/// what was taken out of the spec, and retries a refused apply with back-off (the GPUs stay reserved).
/// </summary>
internal sealed partial class ObjectSync(DeploymentScope d)
{
    /// <summary>
    /// Applies the objects of the pairs not applied yet (Planned) and the deployment-wide ones (router, budget); pairs
    /// already applied are not touched. With no pair pending it still applies the deployment-wide objects when a
    /// shrink left them stale (the router would keep sending requests to removed pairs).
    /// </summary>
    internal async Task ApplyAsync()
    {
        var s = d.Record;
        var pending = s.Pairs.Concat(s.Spares).Where(p => p.State == PairState.Planned).Select(PairUnit.Of).ToHashSet();
        if ((pending.Count == 0 && !s.SharedStale && !s.Relabel) || s.Spec is null || s.Pairs.Length == 0)
        {
            return;
        }

        // A re-placed pair keeps its unit, so its objects have the old pods' names: those must be gone first.
        if (s.Removing.Any(r => pending.Contains(PairUnit.Of(r))))
        {
            await d.WriteAsync(s with { Status = DeploymentStatus.Applying, Message = "waiting for the pods of the previous pairs to go before applying" });
            d.Watch.EnsureResync();
            return;
        }

        using var span = GrainSpans.Start("deployment.apply", s.ApplyTrace, ("controlplane.deployment", d.Name), ("controlplane.units", pending.Count));
        ApplyResult result;
        try
        {
            var manifests = DeploymentManifests.Render(d.Name, s.Spec, s.Pairs, d.Kubernetes, s.Spares);
            result = await d.Applier.ApplyAsync(s.Relabel ? manifests : manifests.OnlyUnits(pending));
        }
        catch (Exception e) when (IsClusterFailure(e))
        {
            span?.SetStatus(ActivityStatusCode.Error, e.Message);
            var attempts = s.ApplyAttempts + 1;
            var wait = Backoff(attempts);
            LogApplyFailed(d.Logger, e, d.Name, attempts);
            await d.WriteAsync(s with
            {
                Status = DeploymentStatus.ApplyFailed,
                ApplyAttempts = attempts,
                RetryAt = d.Clock.GetUtcNow() + wait,
                UpdatedAt = d.Clock.GetUtcNow(),
                Message = $"apply {Describe(e)}; the GPUs stay reserved; attempt {attempts}, retrying in {wait.TotalSeconds:0.#}s",
            });
            d.Watch.EnsureResync();
            return;
        }

        if (!result.Done)
        {
            // Plan-only: nothing was sent, the pairs stay Planned and the message says why.
            await d.WriteAsync(s with { Status = DeploymentStatus.Placed, Message = DeploymentScope.Join(s.Message, result.Message) });
            return;
        }

        var bound = await Task.WhenAll(s.Pairs.Select(async p => pending.Contains(PairUnit.Of(p))
            ? await d.Logs.AfterTransitionAsync(p, await d.Watch.TransitionAsync(p, PairState.Bound, "objects applied"))
            : p));
        var spares = await Task.WhenAll(s.Spares.Select(async p => pending.Contains(PairUnit.Of(p)) ? await d.Watch.TransitionAsync(p, PairState.Bound, "objects applied (warm spare)") : p));
        await d.WriteAsync(s with
        {
            SharedStale = false,
            Relabel = false,
            ApplyTrace = null,
            Pairs = bound,
            Spares = spares,
            Status = PodWatch.StatusOf(bound),
            ApplyAttempts = 0,
            RetryAt = null,
            UpdatedAt = d.Clock.GetUtcNow(),
            Message = result.Message,
        });
        d.Watch.EnsureResync();
    }

    internal async Task SendDeleteAsync()
    {
        try
        {
            var result = await d.Applier.DeleteAsync(d.Name);
            await d.WriteAsync(d.Record with { DeleteSent = true, Message = $"{result.Message} Waiting for the pods to go; the GPUs are released then." });
        }
        catch (Exception e) when (IsClusterFailure(e))
        {
            LogDeleteFailed(d.Logger, e, d.Name);
            await d.WriteAsync(d.Record with { Message = $"delete: {Describe(e)}; retrying; the GPUs stay reserved" });
        }
    }

    /// <summary>Deletes the objects of pairs taken out of the spec (already moved to Removing); without a cluster they are released at once.</summary>
    internal async Task RemoveAsync(IReadOnlyList<PairView> pairs)
    {
        if (pairs.Count == 0)
        {
            return;
        }

        // In a cluster even a Planned pair may have pods (an apply refused half-way): its GPUs wait for the observation.
        if (!d.InCluster)
        {
            try
            {
                await ReleaseRemovedAsync(pairs);
            }
            catch (Exception e) when (Outages.Is(e))
            {
                // The change is recorded (the pairs are Removing): their GPUs are given back on a retry, not by failing the change.
                LogReleaseFailed(d.Logger, e, d.Name);
                d.Later(DeploymentScope.RetryDelay, () => ReleaseRemovedAsync([.. d.Record.Removing.Where(pairs.Contains)]));
            }

            return;
        }

        try
        {
            await d.Applier.DeletePairsAsync(d.Name, [.. pairs.Select(PairUnit.Of).Distinct()]);
        }
        catch (Exception e) when (IsClusterFailure(e))
        {
            // The next resync finds their pods still there and asks again.
            LogDeleteFailed(d.Logger, e, d.Name);
        }

        d.Watch.EnsureResync();
    }

    internal async Task ReleaseRemovedAsync(IReadOnlyList<PairView> pairs)
    {
        if (pairs.Count == 0)
        {
            return;
        }

        await d.Holdings.ReleasePairsAsync(pairs, "released: taken out of the spec (plan-only: nothing ran)");
        await d.WriteAsync(d.Record with { Removing = [.. d.Record.Removing.Where(r => !pairs.Contains(r))] });
    }

    internal TimeSpan Backoff(int attempts)
    {
        var o = d.Options;
        var wait = o.ApplyRetryInitial * Math.Pow(2, Math.Min(attempts - 1, 16));
        return wait > o.ApplyRetryMax ? o.ApplyRetryMax : wait;
    }

    internal static bool IsClusterFailure(Exception e) =>
        e is HttpOperationException or HttpRequestException or k8s.KubernetesException or TaskCanceledException or ClaimStillTerminatingException;

    /// <summary>The API server's own words: the Status message of its answer, with the code and reason.</summary>
    internal static string Describe(Exception e)
    {
        if (e is ClaimStillTerminatingException terminating)
        {
            return $"waits: {terminating.Message}";
        }

        if (e is HttpOperationException { Response.StatusCode: System.Net.HttpStatusCode.NotFound } missing
            && missing.Request?.RequestUri?.AbsolutePath.StartsWith("/apis/resource.k8s.io/", StringComparison.Ordinal) == true)
        {
            // An API server that does not serve the group answers 404 for every path under it.
            return "refused by the API server (404): this cluster does not serve resource.k8s.io/v1, which the 'dra' binding's "
                + "ResourceClaims need (Kubernetes 1.34 or later, with NVIDIA's DRA driver); set \"binding\": \"exact-visible-devices\" "
                + "on the deployment (or ControlPlane:Kubernetes:Render:DefaultBinding / PoolBindings), or enable DRA on the cluster";
        }

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deployment {Name}: apply failed (attempt {Attempts}); the GPUs stay reserved and it is retried")]
    private static partial void LogApplyFailed(ILogger logger, Exception exception, string name, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deployment {Name}: delete failed; retried by the next resync")]
    private static partial void LogDeleteFailed(ILogger logger, Exception exception, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deployment {Name}: releasing the GPUs of removed pairs failed; they stay Removing and are released on a retry")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception, string name);
}

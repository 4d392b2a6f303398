using ControlPlane.Contracts.Reservations;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Silo.Hosting;

/// <summary>
/// When a silo of the cluster is declared dead, the reservation reconciler runs a pass at once instead of at its next
/// reminder: asking every listed deployment activates those that lived on the dead silo, and an activation that finds
/// reservations recorded as pending releases them (a placement cut off half-way). One silo asks: the oldest active one.
/// </summary>
public sealed partial class SiloDeathReconcile(
    IClusterMembershipService membership, ILocalSiloDetails local, IGrainFactory grains, TimeProvider clock, ILogger<SiloDeathReconcile> logger)
    : ResilientLoop(clock, logger)
{
    /// <summary>The wait after a death before the pass, so the cluster's directory has moved on from the dead silo.</summary>
    public static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    protected override TimeSpan Every => TimeSpan.FromSeconds(1);

    protected override async Task StepAsync(CancellationToken stoppingToken)
    {
        var previous = membership.CurrentSnapshot;
        await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stoppingToken))
        {
            var died = snapshot.Members.Values
                .Where(m => m.Status == SiloStatus.Dead && previous.Members.TryGetValue(m.SiloAddress, out var before) && before.Status != SiloStatus.Dead)
                .Select(m => m.SiloAddress)
                .ToArray();
            previous = snapshot;
            if (died.Length == 0 || !IsOldestActive(snapshot))
            {
                continue;
            }

            LogDied(logger, string.Join(", ", died.Select(d => d.ToString())));
            await Task.Delay(Settle, Clock, stoppingToken);
            var report = await grains.GetGrain<IReservationReconcilerGrain>(IReservationReconcilerGrain.Key).ReconcileNowAsync();
            LogPass(logger, report.DeploymentsChecked, report.Released.Length, report.Waiting.Length);
        }
    }

    private bool IsOldestActive(ClusterMembershipSnapshot snapshot) =>
        snapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress)
            .OrderBy(a => a.Generation).ThenBy(a => a.ToString(), StringComparer.Ordinal).FirstOrDefault() is { } oldest
        && oldest.Equals(local.SiloAddress);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Silo {Silos} declared dead: the reservation reconciler runs now")]
    private static partial void LogDied(ILogger logger, string silos);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconcile after a silo's death: {Deployments} deployments asked, {Released} allocations released, {Waiting} waiting for their grace")]
    private static partial void LogPass(ILogger logger, int deployments, int released, int waiting);
}

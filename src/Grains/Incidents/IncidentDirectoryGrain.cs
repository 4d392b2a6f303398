using ControlPlane.Contracts.Incidents;
using ControlPlane.Wire.Incidents;
using Microsoft.Extensions.Options;

namespace ControlPlane.Grains.Incidents;

/// <summary>
/// The incident listing: summaries by id (ids sort by opening time), newest first. Derived data: incidents push their
/// summary on every change; flushed to storage on a timer so a busy failover does not write the whole list per step.
/// </summary>
public sealed class IncidentDirectoryGrain(
    [PersistentState("incidents", StorageNames.Default)] IPersistentState<IncidentDirectoryGrain.Index> state,
    IOptions<FailoverOptions> options,
    TimeProvider clock) : Grain, IIncidentDirectoryGrain, IRemindable
{
    private const string Reminder = "resume-stalled";
    private bool _dirty;

    public async Task EnsureScheduledAsync() =>
        await this.RegisterOrUpdateReminder(Reminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));

    public async Task ReceiveReminder(string reminderName, TickStatus status) => await ResumeStalledAsync();

    public Task<int> ResumeStalledAsync()
    {
        var stalledSince = clock.GetUtcNow() - options.Value.StalledAfter;
        var stalled = state.State.All.Values.Where(v => v.State == IncidentState.Open && v.UpdatedAt < stalledSince).ToArray();
        foreach (var incident in stalled)
        {
            GrainFactory.GetGrain<IIncidentGrain>(incident.Id).ActAsync().Ignore();
        }

        return Task.FromResult(stalled.Length);
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var every = TimeSpan.FromSeconds(2);
        this.RegisterGrainTimer(FlushAsync, new GrainTimerCreationOptions(every, every));
        return base.OnActivateAsync(cancellationToken);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken);
        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    public Task UpsertAsync(IncidentView summary)
    {
        var all = state.State.All;
        if (all.TryGetValue(summary.Id, out var held) && held.UpdatedAt > summary.UpdatedAt)
        {
            return Task.CompletedTask;
        }

        all[summary.Id] = summary;
        if (all.Count > options.Value.DirectoryLimit)
        {
            var closed = all.Values.Where(v => v.State is IncidentState.Resolved or IncidentState.Merged).OrderBy(v => v.Id, StringComparer.Ordinal).FirstOrDefault()
                ?? all.Values.OrderBy(v => v.Id, StringComparer.Ordinal).First();
            all.Remove(closed.Id);
        }

        _dirty = true;
        return Task.CompletedTask;
    }

    public Task<IncidentView[]> ListAsync(IncidentFilter filter) => Task.FromResult(state.State.All.Values
        .Where(v => filter.State is null || v.State == filter.State)
        .Where(v => filter.Deployment is null || v.Pairs.Any(p => p.Deployment == filter.Deployment))
        .Where(v => filter.Node is null || v.Nodes.Contains(filter.Node, StringComparer.Ordinal))
        .Where(v => filter.After is null || string.CompareOrdinal(v.Id, filter.After) < 0)
        .OrderByDescending(v => v.Id, StringComparer.Ordinal)
        .Take(Math.Clamp(filter.Limit, 1, 1000))
        .ToArray());

    public Task<int> CountUnresolvedAsync() =>
        Task.FromResult(state.State.All.Values.Count(v => v.State is not (IncidentState.Resolved or IncidentState.Merged)));

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_dirty)
        {
            await state.FlushAsync(GrainContext, "the incident listing", cancellationToken);
            _dirty = false;
        }
    }

    [GenerateSerializer, Alias("cp.IncidentDirectoryGrain.Index")]
    public sealed class Index
    {
        [Id(0)] public Dictionary<string, IncidentView> All { get; set; } = new(StringComparer.Ordinal);
    }
}

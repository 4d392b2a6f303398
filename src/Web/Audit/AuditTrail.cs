using System.Security.Claims;
using ControlPlane.Contracts.Audit;
using ControlPlane.Wire.Audit;

namespace ControlPlane.Web.Audit;

/// <summary>
/// Writes an operator action to the audit log once its outcome is known. The action has happened (or been refused)
/// by then: a log that cannot be written is logged here, never turned into a failure of the action. One batch per
/// process is in flight at a time; what arrives meanwhile goes in the next one, so a busy front end sends one write
/// per batch, not one per action, to the one log grain.
/// </summary>
internal sealed partial class AuditTrail(IGrainFactory grains, TimeProvider clock, ILogger<AuditTrail> logger)
{
    public const string Api = "api";
    public const string Portal = "portal";

    private readonly Lock _gate = new();
    private readonly List<Pending> _pending = [];
    private bool _sending;

    public async Task RecordAsync(ClaimsPrincipal user, string action, string target, int status, string via, string? detail = null)
    {
        var entry = new AuditEntry
        {
            At = clock.GetUtcNow(), Who = Who(user), Action = action, Target = target, Outcome = AuditOutcomes.Of(status), Status = status, Via = via, Detail = detail,
        };
        var pending = new Pending(entry, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        bool send;
        lock (_gate)
        {
            _pending.Add(pending);
            send = !_sending;
            _sending = true;
        }

        if (send)
        {
            // Not in the request's context: the loop outlives it, and its batches are no span of that request's trace.
            using (ExecutionContext.SuppressFlow())
            {
                _ = Task.Run(SendAsync);
            }
        }

        try
        {
            await pending.Written.Task;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogNotRecorded(e, entry.Who, entry.Action, entry.Target, entry.Status);
        }
    }

    public static string Who(ClaimsPrincipal user) => user.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? name : "anonymous";

    private async Task SendAsync()
    {
        while (true)
        {
            Pending[] batch;
            lock (_gate)
            {
                if (_pending.Count == 0)
                {
                    _sending = false;
                    return;
                }

                batch = [.. _pending.Take(IAuditLogGrain.MaxBatch)];
                _pending.RemoveRange(0, batch.Length);
            }

            try
            {
                await grains.GetGrain<IAuditLogGrain>(IAuditLogGrain.Key).AppendAsync([.. batch.Select(p => p.Entry)]);
                Array.ForEach(batch, p => p.Written.SetResult());
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Array.ForEach(batch, p => p.Written.SetException(e));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Audit entry not recorded: {Who} {Action} {Target} answered {Status}")]
    private partial void LogNotRecorded(Exception e, string who, string action, string target, int status);

    private sealed record Pending(AuditEntry Entry, TaskCompletionSource Written);
}

using System.Security.Claims;
using ControlPlane.Contracts.Audit;
using ControlPlane.Wire.Audit;

namespace ControlPlane.Web.Audit;

/// <summary>
/// Writes an operator action to the audit log once its outcome is known. The action has happened (or been refused)
/// by then: a log that cannot be written is logged here, never turned into a failure of the action.
/// </summary>
internal sealed partial class AuditTrail(IGrainFactory grains, TimeProvider clock, ILogger<AuditTrail> logger)
{
    public const string Api = "api";
    public const string Portal = "portal";

    public async Task RecordAsync(ClaimsPrincipal user, string action, string target, int status, string via, string? detail = null)
    {
        var entry = new AuditEntry
        {
            At = clock.GetUtcNow(), Who = Who(user), Action = action, Target = target, Outcome = AuditOutcomes.Of(status), Status = status, Via = via, Detail = detail,
        };
        try
        {
            await grains.GetGrain<IAuditLogGrain>(IAuditLogGrain.Key).AppendAsync(entry);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogNotRecorded(e, entry.Who, entry.Action, entry.Target, entry.Status);
        }
    }

    public static string Who(ClaimsPrincipal user) => user.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? name : "anonymous";

    [LoggerMessage(Level = LogLevel.Error, Message = "Audit entry not recorded: {Who} {Action} {Target} answered {Status}")]
    private partial void LogNotRecorded(Exception e, string who, string action, string target, int status);
}

namespace ControlPlane.Web.Portal.Shared;

public sealed partial class OpenIncidentsBadge
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Open incident count not read; the badge shows it as unknown until a refresh reads it")]
    private static partial void LogUnreadable(ILogger logger, Exception e);
}

using System.Text.RegularExpressions;
using ControlPlane.Web.Telemetry;

namespace ControlPlane.Web.Audit;

/// <summary>
/// Endpoint metadata: the endpoint is an operator action the audit log records, named <see cref="Action"/>, acting on
/// <see cref="Target"/> with route values filled in (<c>node {node}</c> → <c>node h20-01</c>).
/// </summary>
internal sealed partial record AuditedAction(string Action, string Target)
{
    public string TargetOf(RouteValueDictionary values) =>
        RouteValue().Replace(Target, m => values.TryGetValue(m.Groups[1].Value, out var v) ? Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "" : m.Value);

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex RouteValue();
}

internal static class AuditedEndpoints
{
    public static RouteHandlerBuilder Audited(this RouteHandlerBuilder endpoint, string action, string target) =>
        endpoint.WithMetadata(new AuditedAction(action, target));

    /// <summary>
    /// After routing: an audited endpoint's outcome is recorded once the response is complete, so the status is the one
    /// the caller got, also when authorization forbade it (403) or an exception handler answered it. A caller that never
    /// authenticated (answered 401: no or bad credentials) is no operator: it is only counted, so that anyone who can
    /// reach the API cannot push operators' actions out of the bounded log by flooding it.
    /// </summary>
    public static IApplicationBuilder UseAudit(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<AuditedAction>() is { } audited)
        {
            var target = audited.TargetOf(context.Request.RouteValues);
            var trail = context.RequestServices.GetRequiredService<AuditTrail>();
            context.Response.OnCompleted(() =>
            {
                if (context.User.Identity is not { IsAuthenticated: true })
                {
                    ControlPlaneMetrics.CountUnauthenticated(audited.Action);
                    return Task.CompletedTask;
                }

                return trail.RecordAsync(context.User, audited.Action, target, context.Response.StatusCode, AuditTrail.Api);
            });
        }

        return next(context);
    });
}

using System.Globalization;
using ControlPlane.Silo.Hosting;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace ControlPlane.Web.Apis.Problems;

/// <summary>
/// Every request that fails because the cluster or its storage is unavailable (<see cref="ClusterUnavailable"/>) is
/// answered 503 <c>application/problem+json</c> with <c>Retry-After</c> (nothing changed), from this one place, whatever
/// endpoint it reached; a change whose outcome is unknown (<see cref="ClusterUnavailable.OutcomeUnknown"/>) is 504
/// "Outcome unknown" instead; anything else goes on to the default handler (500).
/// </summary>
internal sealed partial class ClusterUnavailableExceptionHandler(
    IProblemDetailsService problems, IOptions<OutageOptions> outages, ILogger<ClusterUnavailableExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!ClusterUnavailable.Is(exception) || httpContext.Response.HasStarted)
        {
            return false;
        }

        var retryAfter = (int)Math.Ceiling(outages.Value.RetryAfter.TotalSeconds);
        httpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        if (!HttpMethods.IsGet(httpContext.Request.Method) && !HttpMethods.IsHead(httpContext.Request.Method) && ClusterUnavailable.OutcomeUnknown(exception))
        {
            // 503 promises that nothing changed; a change that outlived its timeout may have been made: say so instead.
            LogUnknown(logger, httpContext.Request.Method, httpContext.Request.Path, exception.GetType().Name, exception.Message);
            return await WriteAsync(httpContext, exception, StatusCodes.Status504GatewayTimeout, "Outcome unknown",
                "The cluster did not answer in time: the change may or may not have been made. Read the resource to see " +
                "its outcome before sending it again (deployment and cordon changes are idempotent: the same request again changes nothing more).",
                retryAfter, outcomeUnknown: true);
        }

        LogUnavailable(logger, httpContext.Request.Method, httpContext.Request.Path, exception.GetType().Name, exception.Message);
        return await WriteAsync(httpContext, exception, StatusCodes.Status503ServiceUnavailable, "Service unavailable", ClusterUnavailable.Describe(exception), retryAfter, outcomeUnknown: false);
    }

    private async ValueTask<bool> WriteAsync(HttpContext httpContext, Exception exception, int status, string title, string detail, int retryAfter, bool outcomeUnknown)
    {
        httpContext.Response.StatusCode = status;
        var context = new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail, Extensions = { ["retryAfterSeconds"] = retryAfter } },
        };
        if (outcomeUnknown)
        {
            context.ProblemDetails.Extensions["outcome"] = "unknown";
        }

        return await problems.TryWriteAsync(context);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} answered 504 (outcome unknown): {Exception}: {Reason}")]
    private static partial void LogUnknown(ILogger logger, string method, string path, string exception, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} answered 503: {Exception}: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string method, string path, string exception, string reason);
}

using System.Globalization;
using ControlPlane.Silo.Hosting;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace ControlPlane.Web.Apis.Problems;

/// <summary>
/// Every request that fails because the cluster or its storage is unavailable (<see cref="ClusterUnavailable"/>) is
/// answered 503 <c>application/problem+json</c> with <c>Retry-After</c>, from this one place, whatever endpoint it reached;
/// anything else goes on to the default handler (500).
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

        LogUnavailable(logger, httpContext.Request.Method, httpContext.Request.Path, exception.GetType().Name, exception.Message);
        var retryAfter = (int)Math.Ceiling(outages.Value.RetryAfter.TotalSeconds);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Service unavailable",
                Detail = ClusterUnavailable.Describe(exception),
                Extensions = { ["retryAfterSeconds"] = retryAfter },
            },
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} answered 503: {Exception}: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string method, string path, string exception, string reason);
}

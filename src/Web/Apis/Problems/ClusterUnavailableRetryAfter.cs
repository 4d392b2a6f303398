using System.Globalization;
using ControlPlane.Silo.Hosting;
using Microsoft.Extensions.Options;

namespace ControlPlane.Web.Apis.Problems;

/// <summary>
/// Every 503, whichever endpoint or handler answered it (an outage caught by <see cref="ClusterUnavailableExceptionHandler"/>,
/// a reservation that failed part-way), tells the client when to try again: <c>Retry-After</c> from
/// <see cref="OutageOptions.RetryAfter"/> unless the answer set its own.
/// </summary>
internal static class ClusterUnavailableRetryAfter
{
    public static IApplicationBuilder UseRetryAfterOnUnavailable(this IApplicationBuilder app)
    {
        var seconds = (int)Math.Ceiling(app.ApplicationServices.GetRequiredService<IOptions<OutageOptions>>().Value.RetryAfter.TotalSeconds);
        var value = seconds.ToString(CultureInfo.InvariantCulture);

        // One callback for every request, given the request as its state: nothing is allocated per request for it.
        Func<object, Task> setIfUnavailable = state =>
        {
            var response = ((HttpContext)state).Response;
            if (response.StatusCode == StatusCodes.Status503ServiceUnavailable && !response.Headers.ContainsKey("Retry-After"))
            {
                response.Headers.RetryAfter = value;
            }

            return Task.CompletedTask;
        };
        return app.Use((context, next) =>
        {
            context.Response.OnStarting(setIfUnavailable, context);
            return next(context);
        });
    }
}

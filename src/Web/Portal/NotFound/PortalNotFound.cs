namespace ControlPlane.Web.Portal.NotFound;

/// <summary>
/// A GET that matched no endpoint outside <c>/api</c> is answered by the portal's not-found page (still 404);
/// unknown API paths keep their problem+json 404 from the status code pages.
/// </summary>
internal static class PortalNotFound
{
    public const string PagePath = "/not-found";

    /// <summary>Must come before <c>UseRouting</c>: the second pass routes the page's path.</summary>
    public static IApplicationBuilder UsePortalNotFound(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        await next(context);
        if (!IsUnknownPortalPath(context))
        {
            return;
        }

        var original = context.Request.Path;
        context.SetEndpoint(null);
        context.Request.RouteValues.Clear();
        context.Request.Path = PagePath;
        // Blazor renders nothing for a request already marked 404; the page renders as a 200 and is sent as a 404.
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.OnStarting(() =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
        try
        {
            await next(context);
        }
        finally
        {
            context.Request.Path = original;
        }
    });

    private static bool IsUnknownPortalPath(HttpContext context) =>
        context.Response.StatusCode == StatusCodes.Status404NotFound
        && !context.Response.HasStarted
        && context.GetEndpoint() is null
        && HttpMethods.IsGet(context.Request.Method)
        && !context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);
}

using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ControlPlane.Web.Apis.Problems;

/// <summary>
/// An RFC 7807 answer written as plain <c>application/problem+json</c> whose status is part of its type,
/// so a handler's <c>Results&lt;…&gt;</c> declares it to OpenAPI. <c>NotFound&lt;ProblemHttpResult&gt;</c>
/// would serialize the result object itself (<c>{"problemDetails": …}</c>).
/// </summary>
internal abstract class ProblemResult(int statusCode, string title, string? detail, IDictionary<string, object?>? extensions = null)
    : IResult, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<ProblemDetails>, IContentTypeHttpResult
{
    private readonly ProblemHttpResult problem = TypedResults.Problem(statusCode: statusCode, title: title, detail: detail, extensions: extensions);

    public ProblemDetails Value => problem.ProblemDetails;

    object? IValueHttpResult.Value => Value;

    public int? StatusCode => problem.StatusCode;

    public string? ContentType => problem.ContentType;

    public Task ExecuteAsync(HttpContext httpContext) => problem.ExecuteAsync(httpContext);

    protected static void Declare(EndpointBuilder builder, int statusCode) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(statusCode, typeof(ProblemDetails), ["application/problem+json"]));
}

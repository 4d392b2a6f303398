using System.Reflection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
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

/// <summary>404: the named resource does not exist.</summary>
internal sealed class NotFoundProblem(string title, string detail) : ProblemResult(StatusCodes.Status404NotFound, title, detail), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare(builder, StatusCodes.Status404NotFound);
}

/// <summary>409: the request is valid but conflicts with the current state (stale report, fits nowhere, not placed).</summary>
internal sealed class ConflictProblem(string title, string? detail, IDictionary<string, object?>? extensions = null)
    : ProblemResult(StatusCodes.Status409Conflict, title, detail, extensions), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare(builder, StatusCodes.Status409Conflict);
}

/// <summary>403 for an authenticated caller acting outside its own resource (an agent reporting for another node).</summary>
internal sealed class ForbiddenProblem(string detail) : ProblemResult(StatusCodes.Status403Forbidden, "Forbidden", detail), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare(builder, StatusCodes.Status403Forbidden);
}

/// <summary>422: well-formed input that holds nothing to work on.</summary>
internal sealed class UnprocessableProblem(string title, string detail) : ProblemResult(StatusCodes.Status422UnprocessableEntity, title, detail), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare(builder, StatusCodes.Status422UnprocessableEntity);
}

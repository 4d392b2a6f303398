using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace ControlPlane.Web.Apis.Problems;

/// <summary>Why a request body was refused: 400 naming the fields, 413 too large, or 415 not JSON.</summary>
internal sealed class BodyProblem : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    private readonly IResult problem;

    private BodyProblem(IResult problem, int statusCode) => (this.problem, StatusCode) = (problem, statusCode);

    public int? StatusCode { get; }

    public static BodyProblem Invalid(IDictionary<string, string[]> errors, string? title = null) =>
        new(TypedResults.ValidationProblem(errors, title: title), StatusCodes.Status400BadRequest);

    public static BodyProblem TooLarge(string title, string detail) =>
        new(TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: title, detail: detail), StatusCodes.Status413PayloadTooLarge);

    /// <summary>The title and detail of every 415 the API answers, whoever notices the body is not JSON.</summary>
    public const string NotJsonTitle = "Unsupported media type";
    public const string NotJsonDetail = "Send the body as application/json.";

    public static BodyProblem NotJson() =>
        new(TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: NotJsonTitle, detail: NotJsonDetail),
            StatusCodes.Status415UnsupportedMediaType);

    public Task ExecuteAsync(HttpContext httpContext) => problem.ExecuteAsync(httpContext);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status400BadRequest, typeof(HttpValidationProblemDetails), ["application/problem+json"]));
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status413PayloadTooLarge, typeof(ProblemDetails), ["application/problem+json"]));
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status415UnsupportedMediaType, typeof(ProblemDetails), ["application/problem+json"]));
    }
}
